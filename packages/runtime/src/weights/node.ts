// Filled in by the weights work (issue 3).
export {};
