import * as graphql from 'graphql';
import { documentWithoutLiterals, operationOf, parseDocument } from './graphql-document';
import { graphqlErrorMessage } from './graphql-error-events';
import type { GraphqlLanguage } from './graphql-shapes';

const language = graphql as unknown as GraphqlLanguage;
const stripped = (query: string) => documentWithoutLiterals(language, parseDocument(language, query)!);

describe('documentWithoutLiterals', () => {
  it.each([
    ['a string', '{ order(id: "ord-9") { id } }', '{\n  order(id: ?) {\n    id\n  }\n}'],
    ['an int and a float', '{ orders(first: 10, minTotal: 9.5) { id } }', '{\n  orders(first: ?, minTotal: ?) {\n    id\n  }\n}'],
    ['a boolean', '{ orders(open: true) { id } }', '{\n  orders(open: ?) {\n    id\n  }\n}'],
    ['a block string', '{ note(text: """secret""") }', '{\n  note(text: ?)\n}'],
    ['values in lists and objects', '{ find(filter: { ids: ["a", "b"], vip: false }) }', '{\n  find(filter: {ids: [?, ?], vip: ?})\n}'],
    ['a variable default', 'query Q($id: ID = "x1") { order(id: $id) { id } }', 'query Q($id: ID = ?) {\n  order(id: $id) {\n    id\n  }\n}'],
    ['a directive argument', '{ order(id: $id) @include(if: true) { id } }', '{\n  order(id: $id) @include(if: ?) {\n    id\n  }\n}'],
  ])('replaces %s by ?', (_label, query, expected) => {
    expect(stripped(query)).toBe(expected);
  });

  it('keeps variables, enum values and null, which are not what the user typed', () => {
    expect(stripped('query Q($status: Status) { orders(status: $status, sort: NEWEST, cursor: null) { id } }')).toBe(
      'query Q($status: Status) {\n  orders(status: $status, sort: NEWEST, cursor: null) {\n    id\n  }\n}',
    );
  });

  it('gives undefined for a document that does not parse', () => {
    expect(parseDocument(language, '{ order(id: ')).toBeUndefined();
  });
});

describe('operationOf', () => {
  const document = parseDocument(language, 'query A { a } mutation B { b } subscription { c }')!;

  it.each([
    ['A', { type: 'query', name: 'A' }],
    ['B', { type: 'mutation', name: 'B' }],
    ['Z', undefined],
    [undefined, undefined],
  ])('finds the operation named %s among several', (name, expected) => {
    expect(operationOf(document, name)).toEqual(expected);
  });

  it('takes the only operation when none is named, and a shorthand query has no name', () => {
    expect(operationOf(parseDocument(language, '{ a }')!, undefined)).toEqual({ type: 'query', name: undefined });
    expect(operationOf(parseDocument(language, 'subscription S { c }')!, undefined)).toEqual({ type: 'subscription', name: 'S' });
  });
});

describe('graphqlErrorMessage', () => {
  it.each([
    ['Variable "$id" got invalid value { secret: "4242" }; ID cannot represent value.', 'Variable "$id" got invalid value ?'],
    ['Expected value of type "Int!", found "abc".', 'Expected value of type "Int!", found ?'],
    ['Int cannot represent non-integer value: "abc"', 'Int cannot represent non-integer value: ?'],
    ['Cannot query field "secret" on type "Order".', 'Cannot query field "secret" on type "Order".'],
  ])('cuts the value a request error quotes: %s', (message, expected) => {
    expect(graphqlErrorMessage({ message })).toBe(expected);
  });

  it("keeps a resolver error's message, as any exception the app throws", () => {
    expect(graphqlErrorMessage({ message: 'Order 7 not found in store', path: ['order'] })).toBe('Order 7 not found in store');
  });

  it('names an error without a string message', () => {
    expect(graphqlErrorMessage({ message: 42 })).toBe('GraphQL error');
  });
});
