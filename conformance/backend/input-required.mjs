// 2026-07-28 multi-round-trip input (SEP-2322): a tool answers with resultType "input_required"
// and the requests it needs; the client retries the call with inputResponses (and the
// requestState it was given). Only the 2026-07-28 leg serves these.
const noArgs = { type: 'object', properties: {} };
const elicit = (message, property, type = 'string') => ({
  method: 'elicitation/create',
  params: { message, requestedSchema: { type: 'object', properties: { [property]: { type } }, required: [property] } },
});
const sample = (text, maxTokens) => ({
  method: 'sampling/createMessage',
  params: { messages: [{ role: 'user', content: { type: 'text', text } }], maxTokens },
});
const roots = { method: 'roots/list', params: {} };
const text = (t) => ({ content: [{ type: 'text', text: t }] });
const ask = (inputRequests, requestState) => ({ resultType: 'input_required', inputRequests, ...(requestState ? { requestState } : {}) });

export const inputRequiredTools = [
  { name: 'test_input_required_result_elicitation', description: 'Needs the user name (elicitation)', inputSchema: noArgs },
  { name: 'test_input_required_result_sampling', description: 'Needs a sampled answer', inputSchema: noArgs },
  { name: 'test_input_required_result_list_roots', description: 'Needs the client roots', inputSchema: noArgs },
  { name: 'test_input_required_result_request_state', description: 'Needs a confirmation and keeps request state', inputSchema: noArgs },
  { name: 'test_input_required_result_multiple_inputs', description: 'Needs elicitation, sampling and roots at once', inputSchema: noArgs },
  { name: 'test_input_required_result_multi_round', description: 'Asks twice, one question per round', inputSchema: noArgs },
];

// Returns the round's result, or undefined when the name is not one of these tools.
export function inputRequiredCall(name, responses, state) {
  const has = (key) => responses && responses[key] !== undefined;
  switch (name) {
    case 'test_input_required_result_elicitation':
      return has('user_name') ? text(`Hello, ${responses.user_name.content?.name ?? 'unknown'}!`)
        : ask({ user_name: elicit('What is your name?', 'name') });
    case 'test_input_required_result_sampling':
      return has('capital_question') ? text(`The model said: ${responses.capital_question.content?.text ?? ''}`)
        : ask({ capital_question: sample('What is the capital of France?', 100) });
    case 'test_input_required_result_list_roots':
      return has('client_roots') ? text(`Roots: ${(responses.client_roots.roots ?? []).map((r) => r.uri).join(', ')}`)
        : ask({ client_roots: roots });
    case 'test_input_required_result_request_state':
      return has('confirm') && state === 'confirm-round-1' ? text(`Confirmed: ${responses.confirm.content?.ok}`)
        : ask({ confirm: elicit('Please confirm', 'ok', 'boolean') }, 'confirm-round-1');
    case 'test_input_required_result_multiple_inputs':
      return ['user_name', 'greeting', 'client_roots'].every(has) ? text('Got all three inputs')
        : ask({ user_name: elicit('What is your name?', 'name'), greeting: sample('Generate a greeting', 50), client_roots: roots }, 'multiple-round-1');
    case 'test_input_required_result_multi_round':
      if (has('step2') && state === 'multi-round-2') return text(`Favourite colour: ${responses.step2.content?.color}`);
      if (has('step1') && state === 'multi-round-1') return ask({ step2: elicit('Step 2: What is your favorite color?', 'color') }, 'multi-round-2');
      return ask({ step1: elicit('Step 1: What is your name?', 'name') }, 'multi-round-1');
    default:
      return undefined;
  }
}
