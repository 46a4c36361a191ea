// Runs an exported model in onnxruntime-node on a batch read from stdin (JSON) and prints the flat logits.
// Used by test_generation.py to check the export in the runtime the app uses (past_seq = 0).
const path = require('path');
const fs = require('fs');
const ort = require(path.resolve(__dirname, '../../node_modules/onnxruntime-node'));
const [onnxPath, metaPath] = process.argv.slice(2);
const feed = JSON.parse(fs.readFileSync(0, 'utf8'));
const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
const int64 = (rows) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
(async () => {
  const session = await ort.InferenceSession.create(onnxPath);
  const batch = feed.input_ids.length;
  const feeds = { input_ids: int64(feed.input_ids), attention_mask: int64(feed.attention_mask), position_ids: int64(feed.position_ids) };
  for (let i = 0; i < meta.n_layer; i++) {
    for (const kv of ['key', 'value']) {
      feeds[`past.${i}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [batch, meta.n_head, 0, meta.head_dim]);
    }
  }
  const result = await session.run(feeds);
  process.stdout.write(JSON.stringify(Array.from(result.logits.data)));
})().catch((e) => { console.error(e); process.exit(1); });
