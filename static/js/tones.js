// Vietnamese tone placement for the on-screen keyboard: put a tone mark on the right vowel
// of the last syllable, replacing any tone it had.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const VOWELS = "aăâeêioôơuưy";
const HATTED = "ăâêôơư";
// Modern placement (Quy tắc mới): in an open oa, oe, uy the mark goes on the second vowel
// ("hoà", "khoẻ", "thuý"); other open pairs keep it on the first ("mùa", "tài", "kìa").
const SECOND_VOWEL_PAIRS = ["oa", "oe", "uy"];

function vowelIndex(syllable) {
  let start = 0;
  // "qu" and "gi" before a vowel: the u/i belongs to the consonant.
  if (/^(qu|gi)[aăâeêioôơuưy]/.test(syllable)) start = 2;
  const cluster = [];
  for (let i = start; i < syllable.length; i++) {
    if (VOWELS.includes(syllable[i])) cluster.push(i);
    else if (cluster.length) break;
  }
  if (!cluster.length) return start > 0 ? start - 1 : -1;
  const hatted = cluster.filter((i) => HATTED.includes(syllable[i]));
  if (hatted.length) return hatted[hatted.length - 1];
  const last = cluster[cluster.length - 1];
  const hasFinal = last < syllable.length - 1;
  if (cluster.length === 3) return cluster[1];
  if (cluster.length === 2 && !hasFinal) {
    const pair = syllable[cluster[0]] + syllable[cluster[1]];
    return SECOND_VOWEL_PAIRS.includes(pair) ? cluster[1] : cluster[0];
  }
  return last;
}

/** Apply a combining tone mark (e.g. "\u0301") to the last syllable of text. */
export function applyTone(text, mark) {
  const match = text.match(/([^\s]*)$/);
  const word = match[1].normalize("NFD").replace(TONE_MARKS, "").normalize("NFC");
  const lower = word.toLowerCase();
  const index = vowelIndex(lower);
  if (index < 0) return text;
  const toned = (word.slice(0, index + 1) + mark + word.slice(index + 1)).normalize("NFC");
  return text.slice(0, text.length - match[1].length) + toned;
}
