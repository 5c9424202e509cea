/**
 * The diacritics-insensitive name key of the registry. Receptionists type names without tone marks (and
 * often in lower case) on keyboards without a Vietnamese input method; the chip has them with every mark.
 * Both sides are folded the same way, so "nguyen van an", "NGUYEN VAN" and "Nguyễn Văn An" meet.
 */

/**
 * NFD splits a letter from its marks (ễ → e + ̂ + ̃), the marks are dropped; đ/Đ has no decomposition (it is
 * a letter of its own, not d + mark), so it is mapped by hand. Upper case, whitespace runs collapsed.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** `s` for a LIKE pattern with ESCAPE '\': its own %, _ and \ match literally. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The two LIKE patterns of a folded query: `prefix` against the folded name ("NGUYEN V" finds
 * "NGUYEN VAN AN"), `word` against the folded name wrapped in spaces ("VAN AN" finds it as whole words,
 * "AN" does not find "NGUYEN VAN ANH").
 */
export function namePatterns(folded: string): { prefix: string; word: string } {
  const lit = likeLiteral(folded);
  return { prefix: `${lit}%`, word: `% ${lit} %` };
}

/**
 * The search keys of a folded name: each suffix that starts at a word, the whole name first
 * ('NGUYEN VAN AN' → 'NGUYEN VAN AN', 'VAN AN', 'AN'). A query that is a prefix of the name is a prefix of
 * the first key; a query that is a run of whole words is a prefix of some key, followed there by a space
 * or the end. Both are index range seeks (sql.ts).
 */
export function nameKeys(folded: string): string[] {
  const keys = [folded];
  for (let i = folded.indexOf(' '); i !== -1; i = folded.indexOf(' ', i + 1)) keys.push(folded.slice(i + 1));
  return keys;
}
