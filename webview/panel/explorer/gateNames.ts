/** d2l's name of a trace value beside its symbol (input gate I; 输入门 I in zh-cn), from the host's strings. */
import type { PanelStringKey, PanelStrings } from '../../../src/protocol/strings';

const GATE_NAME_KEYS: Readonly<Record<string, PanelStringKey>> = {
  I: 'gateName_I',
  F: 'gateName_F',
  O: 'gateName_O',
  C_tilde: 'gateName_C_tilde',
  C: 'gateName_C',
  H: 'gateName_H',
  R: 'gateName_R',
  Z: 'gateName_Z',
  H_tilde: 'gateName_H_tilde',
};

/** The name of the trace value `gate` (a key of GATE_SYMBOLS); the bare key for a value d2l does not name. */
export function gateName(strings: PanelStrings, gate: string): string {
  const key: PanelStringKey | undefined = GATE_NAME_KEYS[gate];
  return key ? strings[key] : gate;
}
