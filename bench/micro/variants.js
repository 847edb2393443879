'use strict';
// The service method under test, written four ways. Each `make()` runs after the SDK setup
// and returns { async(id), sync(id) }; all return the same value and record the same span
// (name `UsersService.getUser`, attribute `user.id` from the argument).
const { trace, SpanStatusCode } = require('@opentelemetry/api');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');

const NAME = 'UsersService.getUser';
const user = (id) => ({ id, name: 'Ada Lovelace' });

function callsOf(service) {
  return { async: (id) => service.getUser(id), sync: (id) => service.getUserSync(id) };
}

function plain() {
  class UsersService {
    async getUser(id) {
      return user(id);
    }
    getUserSync(id) {
      return user(id);
    }
  }
  return callsOf(new UsersService());
}

/** What a careful user writes by hand with the API: startActiveSpan, attribute, end. */
function handWritten() {
  const tracer = trace.getTracer('bench-hand-written');
  const inner = plain();
  const fail = (span, error) => {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  };
  return {
    async: (id) =>
      tracer.startActiveSpan(NAME, async (span) => {
        span.setAttribute('user.id', id);
        try {
          return await inner.async(id);
        } catch (error) {
          fail(span, error);
          throw error;
        } finally {
          span.end();
        }
      }),
    sync: (id) =>
      tracer.startActiveSpan(NAME, (span) => {
        span.setAttribute('user.id', id);
        try {
          return inner.sync(id);
        } catch (error) {
          fail(span, error);
          throw error;
        } finally {
          span.end();
        }
      }),
  };
}

function nestjsOtel() {
  const { Span } = require('nestjs-otel');
  class UsersService {
    async getUser(id) {
      return user(id);
    }
    getUserSync(id) {
      return user(id);
    }
  }
  const options = (id) => ({ attributes: { 'user.id': id } });
  applyToMethod(UsersService, 'getUser', [Span(NAME, options)]);
  applyToMethod(UsersService, 'getUserSync', [Span(NAME, options)]);
  return callsOf(new UsersService());
}

function ours() {
  const { Traced, SpanAttribute } = library();
  class UsersService {
    async getUser(id) {
      return user(id);
    }
    getUserSync(id) {
      return user(id);
    }
  }
  applyToMethod(UsersService, 'getUser', [Traced(NAME)], [[0, SpanAttribute('user.id')]]);
  applyToMethod(UsersService, 'getUserSync', [Traced(NAME)], [[0, SpanAttribute('user.id')]]);
  return callsOf(new UsersService());
}

const variants = [
  { name: 'plain', label: 'plain method (no tracing)', make: plain },
  { name: 'api', label: 'hand-written tracer.startActiveSpan', make: handWritten },
  { name: 'nestjs-otel', label: 'nestjs-otel @Span', make: nestjsOtel },
  { name: 'ours', label: 'nestjs-tracing @Traced + @SpanAttribute', make: ours },
];

module.exports = { variants };
