// What both eras of the conformance backend advertise, and the completions they offer.
export const capabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

const WORDS = ['paris', 'park', 'party', 'python', 'programming', 'prompt'];

export function complete({ argument }) {
  const values = WORDS.filter((v) => v.startsWith(String(argument?.value ?? '').toLowerCase()));
  return { completion: { values, total: values.length, hasMore: false } };
}
