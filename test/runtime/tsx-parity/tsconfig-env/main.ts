// A tsconfig named by TSX_TSCONFIG_PATH (not the nearest one): its experimentalDecorators
// makes the parameter decorator below valid.
const tokens: string[] = [];
function Inject(token: string): ParameterDecorator {
  return (_target, _key, index) => {
    tokens[index] = token;
  };
}

class Mailer {
  constructor(@Inject('smtp') readonly transport: string, @Inject('clock') readonly clock: string) {}
  async send(to: string): Promise<string> {
    await new Promise((r) => setTimeout(r, 1));
    return `${to} via ${this.transport}`;
  }
}

new Mailer('smtp://local', 'utc').send('ada').then((line) => console.log(line, tokens.join(',')));
