/**
 * Finds the village/community 村(社区) in an address when a file has no village column (or a row
 * leaves it blank). Pure: matched against the station's own community names only.
 */
import { shortCommunityName } from '../households/places.js';
import { normaliseAddress } from './cells.js';

interface Community {
  code: string;
  name: string;
}

const bare = (s: string) => s.replace(/(社区|村)$/u, '');

/**
 * The one community of `communities` whose name appears in `address`, or undefined when none or
 * more than one does. Full names ("白寨村", "东关街社区") are tried first, then names without
 * 村/社区 ("白寨3社") of two characters or more. Township and county names (`strip`) are removed
 * from the address first, so 沙河镇 does not read as the village 沙河村.
 */
export function communityInAddress(
  communities: readonly Community[],
  address: string,
  strip: readonly string[] = [],
): Community | undefined {
  let text = normaliseAddress(address).replace(/\s/gu, '');
  for (const s of [...strip].sort((a, b) => b.length - a.length)) if (s) text = text.split(s).join('|');
  const unique = (found: Community[]) => {
    const codes = new Set(found.map((c) => c.code));
    return codes.size === 1 ? found[0] : undefined;
  };
  const full = communities.filter((c) => text.includes(shortCommunityName(c.name)));
  if (full.length) {
    // "东关街社区" also contains "东关": keep only the longest matches.
    const longest = Math.max(...full.map((c) => shortCommunityName(c.name).length));
    return unique(full.filter((c) => shortCommunityName(c.name).length === longest));
  }
  const loose = communities.filter((c) => {
    const b = bare(shortCommunityName(c.name));
    return [...b].length >= 2 && text.includes(b);
  });
  return unique(loose);
}
