// The official languages are shared by every library (accounts, e-mail, the directory).
export { Language } from '@fpn/core';
