import { context, diag, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { severityOfName, severityOfPinoLevel } from './log-severity';
import { logsRuntime } from './logs-runtime';
import { pinoTracing } from './pino-tracing';
import { recordLogLine } from './record-log-line';
import { traceLogFields } from './trace-log-fields';
import { winstonTracing } from './winston-tracing';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

function inSpan<T>(traceFlags: TraceFlags, fn: () => T): T {
  return context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags })), fn);
}

describe('trace fields for log lines', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => context.disable());
  afterEach(() => logsRuntime.reset());

  it.each([
    ['sampled', TraceFlags.SAMPLED, '01'],
    ['unsampled: still the ids, flags 00', TraceFlags.NONE, '00'],
  ])('inside a %s span: the three fields', (_title, flags, text) => {
    expect(inSpan(flags, traceLogFields)).toEqual({ trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: text });
  });

  it('outside a span, inside an invalid span context, or switched off: none, in a new object each time', () => {
    expect(traceLogFields()).toEqual({});
    expect(traceLogFields()).not.toBe(traceLogFields()); // pino writes the line's fields into it
    const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 });
    expect(context.with(trace.setSpan(ROOT_CONTEXT, invalid), traceLogFields)).toEqual({});
    logsRuntime.correlation = false;
    expect(inSpan(TraceFlags.SAMPLED, traceLogFields)).toEqual({});
  });

  it('winstonTracing() adds the fields to the entry, and leaves entries outside a span alone', () => {
    const format = winstonTracing();
    expect(inSpan(TraceFlags.SAMPLED, () => format.transform({ level: 'info', message: 'hi' }))).toEqual({
      level: 'info',
      message: 'hi',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      trace_flags: '01',
    });
    expect(format.transform({ level: 'info', message: 'hi' })).toEqual({ level: 'info', message: 'hi' });
  });

  it('pinoTracing() hands pino its mixin and a logMethod hook that calls through', () => {
    const { mixin, hooks } = pinoTracing();
    expect(inSpan(TraceFlags.SAMPLED, mixin)).toMatchObject({ trace_id: TRACE_ID });
    const method = jest.fn();
    hooks.logMethod.call('logger', ['a %s', 'b'], method, 30);
    expect(method).toHaveBeenCalledWith('a %s', 'b');
    expect(method.mock.contexts[0]).toBe('logger');
  });
});

it('a log record that cannot be recorded is reported once, and the line is written as usual', () => {
  const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
  logsRuntime.otlpLogger = { emit: () => { throw new Error('exporter gone'); } } as unknown as Logger;
  try {
    const { hooks } = pinoTracing();
    const method = jest.fn();
    hooks.logMethod.call(undefined, ['first'], method, 50);
    hooks.logMethod.call(undefined, ['second'], method, 50);
    expect(method.mock.calls).toEqual([['first'], ['second']]);
    expect(warn.mock.calls.filter(([message]) => String(message).includes('recording a log line'))).toHaveLength(1);
    expect(() => recordLogLine({ number: 17, text: 'ERROR' }, { not: 'a string' })).not.toThrow();
  } finally {
    logsRuntime.reset();
    warn.mockRestore();
  }
});

describe('log severities (OpenTelemetry severity numbers)', () => {
  it.each([
    ['verbose', 1],
    ['debug', 5],
    ['log', 9],
    ['info', 9],
    ['http', 5],
    ['WARN', 13],
    ['error', 17],
    ['fatal', 21],
    ['custom', 9],
    [undefined, 9],
  ])('level name %s → %d', (name, number) => expect(severityOfName(name).number).toBe(number));

  it.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [35, 'INFO'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
    [Infinity, 'FATAL'],
  ])('pino level %d → %s', (level, text) => expect(severityOfPinoLevel(level).text).toBe(text));
});
