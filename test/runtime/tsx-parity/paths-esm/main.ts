// tsconfig `paths` (from an `extends`ed base) and `baseUrl`: aliases resolved as tsc resolves them.
import { hello } from '@lib/hello';
import { names } from '~/config';

for (const line of await Promise.all(names.map(hello))) console.log(line);
