export interface StartOption {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  value?: string;
  text: string;
}
export const START_OPTIONS: Record<string, StartOption>;
export function usage(): string;
export function parseStartOptions(
  argv: string[],
):
  | { help: true }
  | { error: string }
  | { values: Record<string, string | boolean | string[] | undefined> };
export function hasDisplay(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
