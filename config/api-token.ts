/**
 * Whether PLUME_API_TOKEN could be guessed. The API and the dashboard stand behind this one
 * secret, so a short, published or patterned value is refused at start rather than trusted.
 */
export const MIN_TOKEN_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 10;
/** Bits per character; `openssl rand -hex 32` gives about 3.8, a word repeated or a name far less. */
const MIN_SHANNON_BITS = 3;
/** Longest run of consecutive characters (`abcdefgh`, `98765432`) a random token plausibly holds. */
const MAX_SEQUENCE = 7;
/** Longest run of one character (`11111111`); six in a row is already rare in 64 random hex digits. */
const MAX_SAME_RUN = 5;

export const TOKEN_ADVICE = 'make one with `openssl rand -hex 32`';

/** Values published in Plume's own files (compose, .env.example, README, old tests): known to everyone. */
const PUBLISHED_TOKENS = new Set([
  'change-me-to-a-long-random-token',
  'replace-with-a-long-random-token',
  'test-token-0123456789abcdef',
  'dashboard-test-token-0123456789',
  '0123456789abcdef',
]);

/** Words of placeholder values, whatever surrounds them. */
const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?(me|with)|your[-_ .]?(api[-_ .]?)?token|example|placeholder|secret|password|plume/i;

function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...text].length;
  let bits = 0;
  for (const count of counts.values()) bits -= (count / length) * Math.log2(count / length);
  return bits;
}

/** The shortest unit the token is a repetition of (`abcabcab` → 3), or its length when none. */
function period(chars: string[]): number {
  for (let unit = 1; unit <= chars.length / 2; unit++) {
    if (chars.every((char, i) => char === chars[i % unit])) return unit;
  }
  return chars.length;
}

function longestSameRun(chars: string[]): number {
  let longest = 1;
  let run = 1;
  for (let i = 1; i < chars.length; i++) {
    run = chars[i] === chars[i - 1] ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

function longestSequence(chars: string[]): number {
  let longest = 1;
  let run = 1;
  let step = 0;
  for (let i = 1; i < chars.length; i++) {
    const delta = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    run = Math.abs(delta) !== 1 ? 1 : delta === step ? run + 1 : 2;
    step = delta;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Why the token is weak, in words an operator can act on; `undefined` when it is acceptable. */
export function weakTokenReason(token: string): string | undefined {
  const chars = [...token];
  if (chars.length < MIN_TOKEN_LENGTH) return `expected at least ${MIN_TOKEN_LENGTH} characters, got ${chars.length}`;
  if (PUBLISHED_TOKENS.has(token) || PLACEHOLDER.test(token)) return 'the token is an example from Plume’s files or holds a placeholder word';
  if (new Set(chars).size < MIN_DISTINCT_CHARACTERS) return `expected at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  if (period(chars) < chars.length) return 'the token repeats a shorter pattern';
  if (longestSameRun(chars) > MAX_SAME_RUN) return 'the token holds a long run of one character';
  if (longestSequence(chars) > MAX_SEQUENCE) return 'the token holds a long run of consecutive characters';
  if (shannonBits(token) < MIN_SHANNON_BITS) return 'the token is too regular to be random';
  return undefined;
}
