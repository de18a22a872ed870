import type { BackgroundDefinition, RoleCatalogue } from '@baton/contracts';

/**
 * The comparable form of a term: lower case, accents dropped, every run of punctuation or
 * space one space. `Scikit-Learn` and `scikit learn` both become `scikit learn`; `+` and `#`
 * stay so that C++ and C# remain themselves.
 */
export function normalizeTerm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
}

export interface VocabularyPhrase {
  /** The normalised words of the phrase, `['scikit', 'learn']`. */
  words: string[];
  /** What the phrase stands for: the catalogue's name of a skill or of a background. */
  meaning: string;
}

/** Terms and the names they stand for, for exact look-up and for scanning a free text. */
export interface Vocabulary {
  /** The canonical name of a term, or undefined when the vocabulary does not know it. */
  lookup(term: string): string | undefined;
  /** Every phrase, longest first, for scanning a text. */
  phrases: VocabularyPhrase[];
}

function buildVocabulary(entries: { name: string; aliases: readonly string[] }[]): Vocabulary {
  const byTerm = new Map<string, string>();
  for (const entry of entries) {
    for (const term of [entry.name, ...entry.aliases]) {
      const key = normalizeTerm(term);
      // The first claim wins: a skill section entry comes before a role's own wording.
      if (key && !byTerm.has(key)) byTerm.set(key, entry.name);
    }
  }
  const phrases = [...byTerm.entries()]
    .map(([key, meaning]) => ({ words: key.split(' '), meaning }))
    .sort((a, b) => b.words.length - a.words.length);
  return { lookup: (term) => byTerm.get(normalizeTerm(term)), phrases };
}

// A catalogue object is never changed once loaded; its vocabularies are built once.
const skillCache = new WeakMap<RoleCatalogue, Vocabulary>();

/**
 * The skills the catalogue knows: its synonyms section, then every skill a role names (so a
 * role's own skill is recognised even without an entry in the synonyms).
 */
export function skillVocabulary(catalogue: RoleCatalogue): Vocabulary {
  const cached = skillCache.get(catalogue);
  if (cached) return cached;
  const entries = [...(catalogue.skills ?? [])];
  const synonyms = buildVocabulary(entries);
  for (const role of catalogue.roles) {
    for (const skill of role.skills) {
      if (synonyms.lookup(skill) === undefined) entries.push({ name: skill, aliases: [] });
    }
  }
  const vocabulary = buildVocabulary(entries);
  skillCache.set(catalogue, vocabulary);
  return vocabulary;
}

/** The backgrounds the catalogue knows, with their aliases (`PhD` is researcher/PhD). */
export function backgroundVocabulary(catalogue: RoleCatalogue): Vocabulary {
  return buildVocabulary(catalogue.backgrounds ?? []);
}

/** The catalogue's name of a skill: `k8s` is Kubernetes; an unknown skill keeps its wording. */
export function canonicalSkill(vocabulary: Vocabulary, skill: string): string {
  return vocabulary.lookup(skill) ?? skill.trim();
}

export function findBackground(
  catalogue: RoleCatalogue,
  background: string | null | undefined,
): BackgroundDefinition | undefined {
  if (!background) return undefined;
  const name = backgroundVocabulary(catalogue).lookup(background);
  return (catalogue.backgrounds ?? []).find((b) => b.name === name);
}
