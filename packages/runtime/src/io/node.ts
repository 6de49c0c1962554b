// Filled in by the io work (issue 3).
export {};
