/**
 * The release year MovieLens writes at the end of a title: "Toy Story (1995)", or a range for
 * series, "Stranger Things (2016– )". Titles without one ("Babylon 5") have no year.
 */
const trailingYear = /\((\d{4})(?:\s*[–-]\s*\d{0,4}\s*)?\)\s*$/;

export function yearOfTitle(title: string): number | undefined {
  const match = trailingYear.exec(title);
  return match ? Number(match[1]) : undefined;
}
