/**
 * Parses a whole block of ratings lines in one pass over its bytes, straight into a
 * RatingArraysBuilder: no string, object or callback per line. This is the read path of
 * `marquee evaluate`, where the per-line route (LineSplitter → RatingLineParser) cost about three
 * times as much for ml-100k, mostly because a short process ends before that route is fully
 * optimized.
 *
 * The fast loop accepts only lines written the plain way (userId, movieId, rating, timestamp; digits,
 * a rating such as `4`, `4.0` or `4.5`; LF or CRLF). Any other line — empty, `4.50`, other columns,
 * a bad field — goes to RatingLineParser, which stays the one definition of what a valid line is
 * and of every error message: the result is the same as parsing each line with it, only faster.
 */
import type { RatingArraysBuilder } from '../rating-arrays-builder.ts';
import { InvalidLineError } from './errors.ts';
import { RatingLineParser, type RatingLayout } from './rating-line.ts';

const NEWLINE = 0x0a;
const CR = 0x0d;
const POINT = 0x2e;
const MAX_ID = 2 ** 31 - 1;

export class RatingBlockParser {
  /** Number of the last line consumed (1-based, every line counted, header included). */
  line: number;
  private readonly slow: RatingLineParser;
  /** userId, movieId, rating, timestamp in that order and nothing else, as in every MovieLens release. */
  private readonly canonical: boolean;
  private readonly sep0: number;
  private readonly sep1: number;

  constructor(
    private readonly file: string,
    layout: RatingLayout,
    private readonly builder: RatingArraysBuilder,
    linesBefore = 0,
  ) {
    this.line = linesBefore;
    this.slow = new RatingLineParser(layout);
    const { columns } = layout;
    this.canonical =
      layout.fieldCount === 4 && columns.userId === 0 && columns.movieId === 1 && columns.rating === 2 && columns.timestamp === 3;
    this.sep0 = layout.separator.charCodeAt(0);
    // 0: a single-byte separator (no separator byte is NUL).
    this.sep1 = layout.separator.length === 2 ? layout.separator.charCodeAt(1) : 0;
  }

  /**
   * Parses the whole lines of `buf` and returns the offset where the rest starts: an incomplete
   * last line, which the caller joins to the next block (or hands to `parseLast` at the end).
   */
  parse(buf: Buffer): number {
    // Kept to one small loop on purpose: a short process spends much of it before V8 has optimized
    // the loop, and a small function is optimized sooner and runs faster before that. Every line
    // read here ends with a newline inside `buf`, and each step stops at the first unexpected
    // byte, so no read goes past the buffer (which would undo the optimization).
    const last = buf.lastIndexOf(NEWLINE);
    const sep0 = this.sep0;
    const sep1 = this.sep1;
    const builder = this.builder;
    let pos = 0;
    while (pos <= last) {
      let k = pos;
      let d = 0;
      let c: number;
      plain: if (this.canonical) {
        // userId and movieId: at most 15 digits, as RatingLineParser reads them
        let user = 0;
        while ((d = buf[k] - 48) >= 0 && d <= 9) {
          user = user * 10 + d;
          k++;
        }
        if (k === pos || k - pos > 15 || user === 0 || user > MAX_ID) break plain;
        if (buf[k] !== sep0 || (sep1 !== 0 && buf[++k] !== sep1)) break plain;
        const movieStart = ++k;
        let movie = 0;
        while ((d = buf[k] - 48) >= 0 && d <= 9) {
          movie = movie * 10 + d;
          k++;
        }
        if (k === movieStart || k - movieStart > 15 || movie === 0 || movie > MAX_ID) break plain;
        if (buf[k] !== sep0 || (sep1 !== 0 && buf[++k] !== sep1)) break plain;
        // rating: `4`, `4.0` or `4.5`; any other spelling is left to RatingLineParser
        d = buf[++k] - 48;
        if (!(d >= 0 && d <= 5)) break plain;
        let twice = 2 * d;
        c = buf[++k];
        if (c === POINT) {
          c = buf[++k];
          if (c === 0x35) twice++;
          else if (c !== 0x30) break plain;
          c = buf[++k];
        }
        if (twice < 1 || twice > 10 || c !== sep0 || (sep1 !== 0 && buf[++k] !== sep1)) break plain;
        // timestamp, then the end of the line
        const timestampStart = ++k;
        let timestamp = 0;
        while ((d = buf[k] - 48) >= 0 && d <= 9) {
          timestamp = timestamp * 10 + d;
          k++;
        }
        if (k === timestampStart || k - timestampStart > 15) break plain;
        if (buf[k] === CR) k++; // a CRLF file
        if (buf[k] !== NEWLINE) break plain;
        this.line++;
        builder.push(user, movie, twice / 2, timestamp * 1000);
        pos = k + 1;
        continue;
      }
      const newline = buf.indexOf(NEWLINE, pos);
      this.slowLine(buf, pos, newline);
      pos = newline + 1;
    }
    // Nothing else after the loop: code that has never run would make V8 drop the optimized loop
    // on its way out, and the next block would start unoptimized again.
    return pos;
  }

  /** The end of the input: its lines, the last one with or without a newline. */
  parseLast(buf: Buffer): void {
    const rest = this.parse(buf);
    if (rest < buf.length) this.slowLine(buf, rest, buf.length);
  }

  /** A line the fast loop did not take, as the line splitter would hand it out (no trailing CR). */
  private slowLine(buf: Buffer, start: number, newline: number): void {
    this.line++;
    const end = newline > start && buf[newline - 1] === CR ? newline - 1 : newline;
    if (start === end) return;
    const slow = this.slow;
    const problem = slow.parse(buf, start, end);
    if (problem !== undefined) throw new InvalidLineError(this.file, this.line, problem);
    this.builder.push(slow.userId, slow.movieId, slow.rating, slow.timestamp * 1000);
  }
}
