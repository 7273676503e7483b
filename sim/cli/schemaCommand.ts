import { z } from 'zod';
import { scenarioFileSchema } from '../scenario/scenarioFile.js';

/** `sim schema`: the JSON Schema of scenario files, generated from the zod schema that validates them. */
export function schemaCommand(): number {
  const schema = { $id: 'https://stacksim.invalid/scenario-file.schema.json', title: 'stacksim scenario file', ...z.toJSONSchema(scenarioFileSchema) };
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
