/**
 * The catalogue and the ratings. No foreign key from ratings to movies: bulk loads of tens of
 * millions of ratings would pay a lookup per row, and every importer loads movies first anyway.
 */
export default /* sql */ `
CREATE TABLE movies (
  movie_id integer PRIMARY KEY CHECK (movie_id > 0),
  title    text NOT NULL,
  year     smallint,
  genres   text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE ratings (
  user_id  integer NOT NULL CHECK (user_id > 0),
  movie_id integer NOT NULL CHECK (movie_id > 0),
  rating   numeric(2,1) NOT NULL CHECK (rating BETWEEN 0.5 AND 5.0 AND rating * 2 = trunc(rating * 2)),
  rated_at timestamptz NOT NULL,
  source   text NOT NULL CHECK (source IN ('movielens', 'generated', 'api')),
  PRIMARY KEY (user_id, movie_id)
);
CREATE INDEX ratings_movie_id_idx ON ratings (movie_id);
CREATE INDEX ratings_rated_at_idx ON ratings (rated_at);

CREATE TABLE tags (
  user_id   integer NOT NULL CHECK (user_id > 0),
  movie_id  integer NOT NULL CHECK (movie_id > 0),
  tag       text NOT NULL,
  tagged_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, movie_id, tag)
);
CREATE INDEX tags_movie_id_idx ON tags (movie_id);

CREATE TABLE links (
  movie_id integer PRIMARY KEY CHECK (movie_id > 0),
  imdb_id  text,
  tmdb_id  integer
);
`;
