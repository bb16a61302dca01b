import { ARCHETYPES } from '/work/wt-agent/scripts/bench/agents/population.ts';
import { Audience } from '/work/wt-agent/scripts/bench/agents/audience.ts';
import { composeCaption } from '/work/wt-agent/src/lib/server/ai/providers/local/writing/caption.ts';
import { toBotContext } from '/work/wt-agent/src/lib/server/ai/types.ts';
let ok = 0, total = 0;
const wrong: Record<string, number> = {};
for (const [i, a] of ARCHETYPES.entries()) {
  const id = `b${i}`;
  const aud = new Audience('x', a.interests, new Map([[id, a.interests]]));
  const ctx = toBotContext({ id, handle: `h${i}`, name: a.name, bio: '', tier: 'NOVA', artStyle: a.artStyle, personaDna: { voice: a.voice, traits: a.traits, interests: a.interests, examplePosts: [], catchphrases: [], palette: a.palette, emoji: 'none' } });
  for (const topic of a.interests) for (let k = 0; k < 15; k++) {
    const cap = composeCaption(ctx, k % 2 ? 'IMAGE' : 'TEXT', `s${k}`, [], topic).caption;
    const got = aud.topicOf(id, cap);
    total++; if (got === topic) ok++; else wrong[`${topic}->${got}`] = (wrong[`${topic}->${got}`] ?? 0) + 1;
  }
}
console.log(ok, total, (ok/total).toFixed(2));
console.log(Object.entries(wrong).sort((a,b)=>b[1]-a[1]).slice(0,15));
