/**
 * Venue and year of a paper, read from the first page's text: the lines publishers and
 * templates print there ("Published as a conference paper at ICLR 2017", "31st Conference
 * on Neural Information Processing Systems (NIPS 2017)", "IEEE TRANSACTIONS ON …, 1997",
 * an arXiv stamp). A guess for sorting and filtering the library, never used as data the
 * model reads; null when nothing says.
 */
export interface VenueYear {
  venue: string | null;
  year: number | null;
}

/** How far into the text to look: the first page, give or take. */
const HEAD_CHARS = 4000;

const ACRONYMS =
  'ICLR|NeurIPS|NIPS|ICML|ACL|EMNLP|NAACL|CVPR|ICCV|ECCV|AAAI|IJCAI|KDD|COLING|EACL|AISTATS|UAI|COLT|SIGIR|WWW|CoNLL|TACL|JMLR|ICASSP|INTERSPEECH';

/** Long conference names as proceedings print them, to the acronym people sort by. */
const LONG_NAMES: Array<[RegExp, string]> = [
  [/Conference on Machine Learning/i, 'ICML'],
  [/Neural Information Processing Systems/i, 'NeurIPS'],
  [/Conference on Learning Representations/i, 'ICLR'],
  [/Empirical Methods in Natural Language Processing/i, 'EMNLP'],
  [/Association for Computational Linguistics/i, 'ACL'],
  [/Computer Vision and Pattern Recognition/i, 'CVPR'],
];

const plausible = (y: number) => (y >= 1950 && y <= new Date().getUTCFullYear() + 1 ? y : null);
const normalize = (v: string) => (v === 'NIPS' ? 'NeurIPS' : v);
const titleCase = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(\p{L})(\p{L}*)/gu, (w, a: string, b: string) =>
      /^(on|for|of|and|the|in)$/.test(w) ? w : a.toUpperCase() + b,
    );

export function venueAndYear(text: string): VenueYear {
  const head = text.slice(0, HEAD_CHARS);
  let m = head.match(
    new RegExp(`(?:conference paper|workshop paper|paper) at (${ACRONYMS})\\s*(\\d{4})`, 'i'),
  );
  if (m) return { venue: normalize(canonicalAcronym(m[1]!)), year: plausible(Number(m[2])) };
  m = head.match(new RegExp(`\\((${ACRONYMS})\\s*(\\d{4})\\)`));
  if (m) return { venue: normalize(m[1]!), year: plausible(Number(m[2])) };
  m = head.match(/Proceedings of the ([^\n]{0,160}?)(?:,|\.)[^\n]{0,80}?\b((?:19|20)\d{2})\b/);
  if (m) {
    const short = LONG_NAMES.find(([re]) => re.test(m![1]!))?.[1];
    return {
      venue: short ?? m[1]!.replace(/^\d+\s*(?:st|nd|rd|th)\s+/i, '').trim(),
      year: plausible(Number(m[2])),
    };
  }
  m = head.match(/(IEEE TRANSACTIONS ON [A-Z ,]+?)\s*,\s*VOL[^\n]*?((?:19|20)\d{2})/);
  if (m) return { venue: titleCase(m[1]!).replace(/^Ieee/, 'IEEE'), year: plausible(Number(m[2])) };
  if (/\bPLOS ONE\b/i.test(head)) {
    const y = head.match(/Published:\s*[A-Za-z]+ \d{1,2}, ((?:19|20)\d{2})/);
    return { venue: 'PLOS ONE', year: y ? plausible(Number(y[1])) : copyrightYear(head) };
  }
  m = head.match(new RegExp(`\\b(${ACRONYMS})\\s?'?((?:19|20)\\d{2})\\b`));
  if (m) return { venue: normalize(m[1]!), year: plausible(Number(m[2])) };
  const arxiv = head.match(/arXiv:(\d{2})(\d{2})\.\d{4,5}/);
  if (arxiv) return { venue: 'arXiv', year: plausible(2000 + Number(arxiv[1])) };
  const stamp = head.match(/arXiv:\S+\s+\[[^\]]+\]\s+\d{1,2} [A-Z][a-z]{2} ((?:19|20)\d{2})/);
  if (stamp) return { venue: 'arXiv', year: plausible(Number(stamp[1])) };
  return { venue: null, year: copyrightYear(head) };
}

function canonicalAcronym(s: string): string {
  return ACRONYMS.split('|').find((a) => a.toLowerCase() === s.toLowerCase()) ?? s;
}

function copyrightYear(head: string): number | null {
  const m = head.match(/(?:Copyright|©|\(c\))\s*((?:19|20)\d{2})/i);
  return m ? plausible(Number(m[1])) : null;
}
