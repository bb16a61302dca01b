// What every offline provider shares: its provider name and a rough token count for the ledger.
export const LOCAL_PROVIDER = 'local';

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
