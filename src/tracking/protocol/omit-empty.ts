/** MLflow (proto JSON) leaves empty repeated fields out: a search with no hits answers `{}`. */
export function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}
