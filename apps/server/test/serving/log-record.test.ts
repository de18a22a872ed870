import { describe, expect, it } from 'vitest';
import { inputsJsonOf, type LogRecord } from '../../src/serving/log-record.ts';

const fromBody = (text: string): LogRecord => ['id', 'dep', 'req', 'v', 'primary', text, 1, '[]', 1, 1];

describe('the inputs the prediction log stores for a raw request body', () => {
  const cases = [
    ' { "records" : [ {"x": 1.5, "c": "a]}\\"}"} ] } ',
    '{"columns":{"x":[1,2],"c":["}","{"]}}',
    '{"inputs":[{"x":3}]}\n',
    '{"inputs":{"a":"}"}}',
    // Not one plain field: parsed and serialised again, with JSON's last-key-wins reading.
    '{"records":[{"x":1}], "records":[{"x":2}]}',
    '{"\\u0072ecords":[{"x":4}]}',
  ];
  for (const text of cases) {
    it(`are exactly the field the predict body carries: ${text.trim()}`, () => {
      const body = JSON.parse(text);
      expect(JSON.parse(inputsJsonOf(fromBody(text)))).toEqual(body.records ?? body.columns ?? body.inputs);
    });
  }

  it('are the body text itself, without re-serialising, in the usual case', () => {
    expect(inputsJsonOf(fromBody('{"records":[{"x":1.50}]}'))).toBe('[{"x":1.50}]');
  });

  it('are kept as given when the record holds the inputs JSON already', () => {
    const record: LogRecord = ['id', 'dep', 'req', 'v', 'primary', '[{"x":2}]', 0, '[]', 1, 1];
    expect(inputsJsonOf(record)).toBe('[{"x":2}]');
  });
});
