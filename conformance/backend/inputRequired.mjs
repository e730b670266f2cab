// 2026-07-28 multi-round-trip (SEP-2322) fixtures: tools and a prompt that answer with an
// input_required result first and complete once the client retries with the inputResponses.
// requestState is ours: JSON signed with an HMAC whose key lives only in this process, so a
// tampered state is refused with -32602.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from '@modelcontextprotocol/server';

const KEY = randomBytes(32);
const sign = (body) => createHmac('sha256', KEY).update(body).digest('base64url');

export function sealState(value) {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${sign(body)}`;
}

export function openState(state) {
  const [body, mac] = String(state ?? '').split('.');
  const expected = body ? sign(body) : '';
  if (!mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
    throw new ProtocolError(-32602, 'requestState failed its integrity check');
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
}

const ask = (message, field) => ({
  method: 'elicitation/create',
  params: { message, requestedSchema: { type: 'object', properties: { [field]: { type: 'string' } }, required: [field] } },
});
const sampling = (text, maxTokens) => ({
  method: 'sampling/createMessage',
  params: { messages: [{ role: 'user', content: { type: 'text', text } }], maxTokens },
});
const ROOTS = { method: 'roots/list', params: {} };
const needInput = (inputRequests, requestState) => ({ resultType: 'input_required', inputRequests, ...(requestState ? { requestState } : {}) });
const done = (text) => ({ resultType: 'complete', content: [{ type: 'text', text }] });

// An accepted elicitation's content, or undefined when the response is missing or not accepted.
const accepted = (responses, key) => {
  const r = responses?.[key];
  return r && typeof r === 'object' && r.action === 'accept' && r.content && typeof r.content === 'object' ? r.content : undefined;
};
const sampledText = (r) => (r?.content?.type === 'text' ? r.content.text : JSON.stringify(r?.content ?? null));

// Each run gets { responses, state, capabilities } and answers with a result object.
export const inputRequiredTools = {
  test_input_required_result_elicitation: ({ responses }) => {
    const content = accepted(responses, 'user_name');
    return content?.name !== undefined ? done(`Hello, ${content.name}!`) : needInput({ user_name: ask('What is your name?', 'name') });
  },
  test_input_required_result_sampling: ({ responses }) =>
    responses?.capital_question
      ? done(`Sampling answered: ${sampledText(responses.capital_question)}`)
      : needInput({ capital_question: sampling('What is the capital of France?', 100) }),
  test_input_required_result_list_roots: ({ responses }) => {
    const roots = responses?.client_roots?.roots;
    return Array.isArray(roots)
      ? done(`Client roots: ${roots.map((r) => r.uri).join(', ') || '(none)'}`)
      : needInput({ client_roots: ROOTS });
  },
  test_input_required_result_request_state: ({ responses, state }) => {
    if (responses?.confirm && state !== undefined) {
      const opened = openState(state);
      if (opened.tool === 'request_state') return done(`state-ok: confirmed ${JSON.stringify(accepted(responses, 'confirm') ?? {})}`);
    }
    return needInput(
      { confirm: { method: 'elicitation/create', params: { message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } } },
      sealState({ tool: 'request_state' }),
    );
  },
  test_input_required_result_multiple_inputs: ({ responses, state }) => {
    const keys = ['user_name', 'greeting', 'client_roots'];
    if (state !== undefined && keys.every((k) => responses?.[k])) {
      openState(state);
      return done(`Got name ${JSON.stringify(accepted(responses, 'user_name') ?? {})}, greeting ${sampledText(responses.greeting)}, ${responses.client_roots.roots?.length ?? 0} roots`);
    }
    return needInput(
      { user_name: ask('What is your name?', 'name'), greeting: sampling('Generate a greeting', 50), client_roots: ROOTS },
      sealState({ tool: 'multiple_inputs' }),
    );
  },
  test_input_required_result_multi_round: ({ responses, state }) => {
    const round = state === undefined ? { step: 1 } : openState(state);
    if (round.step === 1 && accepted(responses, 'step1')) {
      return needInput({ step2: ask('Step 2: What is your favorite color?', 'color') }, sealState({ step: 2, name: accepted(responses, 'step1').name }));
    }
    if (round.step === 2 && accepted(responses, 'step2')) {
      return done(`${round.name} likes ${accepted(responses, 'step2').color}`);
    }
    return round.step === 2
      ? needInput({ step2: ask('Step 2: What is your favorite color?', 'color') }, state)
      : needInput({ step1: ask('Step 1: What is your name?', 'name') }, sealState({ step: 1 }));
  },
  test_input_required_result_tampered_state: ({ responses, state }) => {
    if (state !== undefined) {
      openState(state);
      if (responses?.confirm) return done('state verified');
    }
    return needInput({ confirm: ask('Please confirm', 'ok') }, sealState({ tool: 'tampered_state' }));
  },
  test_input_required_result_capabilities: ({ responses, capabilities }) => {
    if (responses && Object.keys(responses).length) return done('Inputs received');
    const requests = {};
    if (capabilities?.elicitation) requests.user_name = ask('What is your name?', 'name');
    if (capabilities?.sampling) requests.greeting = sampling('Generate a greeting', 50);
    if (capabilities?.roots) requests.client_roots = ROOTS;
    return Object.keys(requests).length ? needInput(requests) : done('The client declared no capability to ask with');
  },
};

// Diagnostic tools of the server-stateless scenario (SEP-2575).
export const statelessDiagnostics = {
  // Needs sampling; a client that did not declare it gets -32021 naming the missing capability.
  test_missing_capability: ({ responses, capabilities }) => {
    if (!capabilities?.sampling) {
      throw new ProtocolError(-32021, 'This tool needs the sampling capability', { requiredCapabilities: { sampling: {} } });
    }
    return responses?.probe ? done(`Sampled: ${sampledText(responses.probe)}`) : needInput({ probe: sampling('Say hello', 20) });
  },
  // Asks for input the 2026-07-28 way: an input_required result on the response, never a request of its own.
  test_streaming_elicitation: ({ responses }) => {
    const content = accepted(responses, 'answer');
    return content ? done(`You said ${content.answer}`) : needInput({ answer: ask('Say something', 'answer') });
  },
  // Logs through the SDK, which sends notifications/message only when the request set a logLevel.
  test_logging_tool: async ({ log }) => {
    await log('info', 'test_logging_tool ran');
    return done('Logged one message');
  },
};

export function inputRequiredPrompt({ responses }) {
  const context = accepted(responses, 'user_context');
  if (context) {
    return { resultType: 'complete', messages: [{ role: 'user', content: { type: 'text', text: `Use this context: ${context.context}` } }] };
  }
  return needInput({ user_context: ask('What context should the prompt use?', 'context') });
}

export const inputRequiredToolDescriptors = [...Object.keys(inputRequiredTools), ...Object.keys(statelessDiagnostics)].map((name) => ({
  name, description: 'Asks the client for input through an input_required result (SEP-2322)', inputSchema: { type: 'object', properties: {} },
}));
export const inputRequiredPromptDescriptor = { name: 'test_input_required_result_prompt', description: 'Asks for context through an input_required result (SEP-2322)' };
