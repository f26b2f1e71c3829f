/**
 * The client's types are the server's schemas: each pair must be the same type, so a field added,
 * removed or retyped on either side fails here (vitest runs this file through tsc).
 */
import type { Static } from 'typebox';
import { describe, expectTypeOf, test } from 'vitest';
import type { ApiSchemas as Server } from '@mailsink/server';
import type * as Client from '../src/index.js';

type Shape<K extends keyof typeof Server> = Static<(typeof Server)[K]>;

describe("the client's types equal the server's schemas", () => {
  test('Address', () => expectTypeOf<Client.Address>().toEqualTypeOf<Shape<'Address'>>());
  test('MessageSummary', () => expectTypeOf<Client.MessageSummary>().toEqualTypeOf<Shape<'MessageSummary'>>());
  test('MessagesSummary', () => expectTypeOf<Client.MessagesSummary>().toEqualTypeOf<Shape<'MessagesSummary'>>());
  test('Attachment', () => expectTypeOf<Client.Attachment>().toEqualTypeOf<Shape<'Attachment'>>());
  test('ListUnsubscribe', () => expectTypeOf<Client.ListUnsubscribe>().toEqualTypeOf<Shape<'ListUnsubscribe'>>());
  test('Message', () => expectTypeOf<Client.Message>().toEqualTypeOf<Shape<'Message'>>());
  test('MessageHeaders', () => expectTypeOf<Client.MessageHeaders>().toEqualTypeOf<Shape<'MessageHeaders'>>());
  test('AppInformation', () => expectTypeOf<Client.AppInformation>().toEqualTypeOf<Shape<'AppInformation'>>());
  test('SendRequest', () => expectTypeOf<Client.SendRequest>().toEqualTypeOf<Shape<'SendBody'>>());
  test('SendResponse', () => expectTypeOf<Client.SendResponse>().toEqualTypeOf<Shape<'SendResponse'>>());
  test('Envelope', () => expectTypeOf<Client.Envelope>().toEqualTypeOf<Shape<'Envelope'>>());
});
