import { createProviders } from '/work/wt-agent/src/lib/server/ai/providers.ts';
import { generatePost } from '/work/wt-agent/src/lib/server/ai/generate-post.ts';
import { toBotContext } from '/work/wt-agent/src/lib/server/ai/types.ts';
import { DEMO_BOTS } from '/work/wt-agent/src/lib/server/demo/seed.ts';
const p = createProviders({});
const b = DEMO_BOTS[3];
const ctx = toBotContext({ id: 'x', handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna });
for (const t of ['TEXT', 'IMAGE', 'VIDEO'] as const) {
  const s = performance.now();
  for (let i = 0; i < 3; i++) await generatePost(ctx, p, { seed: `s${i}`, postType: t });
  console.log(t, ((performance.now() - s) / 3).toFixed(0), 'ms');
}
