import type { MemberSkill, RoleCatalogue } from '@baton/contracts';
import {
  backgroundVocabulary,
  normalizeTerm,
  skillVocabulary,
  type Vocabulary,
  type VocabularyPhrase,
} from './skill-vocabulary.ts';

/** What a free text (a resume, a few sentences) says about a person. */
export interface ProfileTextReading {
  skills: MemberSkill[];
  /** Each skill found, with the words as written: `{ word: 'k8s', skill: 'Kubernetes' }`. */
  recognised: { word: string; skill: string }[];
  background: string | null;
  /** The words that showed the background, as written. */
  backgroundWord: string | null;
}

/** A skill read from a text is taken at level 3: the text says the person works with it. */
export const TEXT_SKILL_LEVEL = 3;

interface Token {
  norm: string;
  raw: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}+#]+/gu)) {
    const norm = normalizeTerm(match[0]);
    if (!norm) continue;
    // `ph.d` normalises to two words; keep them as separate tokens at the same place.
    for (const word of norm.split(' ')) {
      tokens.push({ norm: word, raw: match[0], start: match.index, end: match.index + match[0].length });
    }
  }
  return tokens;
}

// `R` is the language in "Python and R", not in "r&d" or "R&D".
const standsAlone = (text: string, token: Token, word: string): boolean =>
  word === word.toUpperCase() &&
  !/[&/]/.test(text[token.start - 1] ?? '') &&
  !/[&/]/.test(text[token.end] ?? '');

interface Hit {
  meaning: string;
  word: string;
  first: number;
}

/**
 * Finds the vocabulary's phrases in the tokens, longest first, each token used once. A
 * one-letter term (R) only counts written in capitals and standing alone.
 */
function scan(text: string, tokens: Token[], vocabulary: Vocabulary, used: boolean[]): Hit[] {
  const byFirst = new Map<string, VocabularyPhrase[]>();
  for (const phrase of vocabulary.phrases) {
    const first = phrase.words[0] ?? '';
    byFirst.set(first, [...(byFirst.get(first) ?? []), phrase]);
  }
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    for (const phrase of byFirst.get(tokens[i]!.norm) ?? []) {
      const n = phrase.words.length;
      const span = tokens.slice(i, i + n);
      if (span.length < n || span.some((t, k) => used[i + k] || t.norm !== phrase.words[k])) continue;
      const word = text.slice(span[0]!.start, span.at(-1)!.end);
      if (n === 1 && phrase.words[0]!.length === 1 && !standsAlone(text, span[0]!, word)) continue;
      for (let k = 0; k < n; k++) used[i + k] = true;
      hits.push({ meaning: phrase.meaning, word, first: i });
      break;
    }
  }
  return hits;
}

/** Role titles (`ML engineer`) are not skills: "ML" in "ML engineer" is not machine learning. */
function roleTitleVocabulary(catalogue: RoleCatalogue): Vocabulary {
  const phrases: VocabularyPhrase[] = [];
  for (const role of catalogue.roles) {
    for (const part of role.name.split(/[/()]/)) {
      const words = normalizeTerm(part).split(' ').filter(Boolean);
      if (words.length >= 2) phrases.push({ words, meaning: role.key });
    }
  }
  phrases.sort((a, b) => b.words.length - a.words.length);
  return { lookup: () => undefined, phrases };
}

/**
 * Reads skills and a background out of free text with the catalogue's synonyms, whatever
 * the case: "Shipped sklearn models on K8s" gives scikit-learn and Kubernetes.
 */
export function readProfileText(catalogue: RoleCatalogue, text: string): ProfileTextReading {
  const tokens = tokenize(text);

  const backgroundHits = scan(
    text,
    tokens,
    backgroundVocabulary(catalogue),
    tokens.map(() => false),
  );
  const counts = new Map<string, { count: number; first: Hit }>();
  for (const hit of backgroundHits) {
    const seen = counts.get(hit.meaning);
    counts.set(hit.meaning, { count: (seen?.count ?? 0) + 1, first: seen?.first ?? hit });
  }
  // The background named most often wins; on a tie, the one named first.
  const best = [...counts.values()].sort((a, b) => b.count - a.count || a.first.first - b.first.first)[0];

  const used = tokens.map(() => false);
  scan(text, tokens, roleTitleVocabulary(catalogue), used);
  const skillHits = scan(text, tokens, skillVocabulary(catalogue), used);
  const recognised: ProfileTextReading['recognised'] = [];
  const skills: MemberSkill[] = [];
  for (const hit of skillHits) {
    if (!recognised.some((r) => r.skill === hit.meaning && r.word.toLowerCase() === hit.word.toLowerCase())) {
      recognised.push({ word: hit.word, skill: hit.meaning });
    }
    if (!skills.some((s) => s.skill === hit.meaning))
      skills.push({ skill: hit.meaning, level: TEXT_SKILL_LEVEL });
  }
  return {
    skills,
    recognised,
    background: best?.first.meaning ?? null,
    backgroundWord: best?.first.word ?? null,
  };
}
