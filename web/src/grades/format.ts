/** A score as people read it: whole numbers as they are, others to one decimal. */
export const formatScore = (score: number) => (Number.isInteger(score) ? String(score) : score.toFixed(1));
