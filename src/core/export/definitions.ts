/** Stated in every manifest so a reader knows exactly what the numbers mean. */
export const EDIT_DISTANCE_DEFINITION =
  "normalized word-level Levenshtein: words = runs of non-whitespace; distance / max(word count of draft, word count of review); 0 when both are empty. Draft = the model's raw text, review = the canonical Markdown of the corrected review.";
