/**
 * The Python of an exported model, in sections that the notebook shows as cells and the
 * torchrun script runs top to bottom: one source, two wrappers. Plain PyTorch (no `d2l`, no
 * `safetensors` package): d2l's tokenizer, partitions, RNNModel and train_ch8, the weights read
 * from the safetensors file beside it and written back with the same metadata, so Load Model
 * reads the result.
 */
import type { TrainPreset } from '../../train/trainPreset';

/** One step of the export: a heading (the notebook's markdown cell) and its code. */
export interface PythonSection {
  readonly title: string;
  readonly code: string;
}

/** The files an export reads and writes, relative to its folder. */
export interface ExportFileNames {
  readonly notebook: string;
  readonly script: string;
  readonly weights: string;
  readonly corpus: string;
  readonly trained: string;
}

export const EXPORT_FILES: ExportFileNames = { notebook: 'model.ipynb', script: 'train_torchrun.py', weights: 'model.safetensors', corpus: 'corpus.txt', trained: 'model-trained.safetensors' };

/** A JS number as a Python literal (θ = Infinity disables clipping). */
function pyNumber(n: number): string {
  return n === Infinity ? 'math.inf' : String(n);
}

/** A JS string as a Python literal: every escape JSON writes (\\n, \\", \\uXXXX) means the same in Python. */
function pyString(s: string): string {
  return JSON.stringify(s);
}

function lines(...ls: string[]): string {
  return ls.join('\n');
}

const IMPORTS = lines(
  'import json, math, os, random, re, struct, time',
  'from pathlib import Path',
  '',
  'import torch',
  'from torch import nn',
  'from torch.nn import functional as F',
);

/** ~30 lines of safetensors I/O, the same as test/fixtures/torch_safetensors.py: Debian has no `safetensors`. */
const SAFETENSORS = lines(
  'def save_safetensors(path, tensors, metadata):',
  '    """Writes `tensors` (name -> tensor) as F32 back to back after the JSON header, with string `metadata`."""',
  "    header, chunks, offset = {'__metadata__': metadata}, [], 0",
  '    for name, t in tensors.items():',
  "        data = t.detach().cpu().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()",
  "        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}",
  '        chunks.append(data)',
  '        offset += len(data)',
  "    raw = json.dumps(header, separators=(',', ':')).encode('utf-8')",
  "    raw += b' ' * (-len(raw) % 8)",
  "    Path(path).write_bytes(struct.pack('<Q', len(raw)) + raw + b''.join(chunks))",
  '',
  '',
  'def load_safetensors(path):',
  '    """(name -> float32 tensor, metadata) of an F32 safetensors file: u64 LE header length, JSON header, data."""',
  '    raw = Path(path).read_bytes()',
  "    (n,) = struct.unpack('<Q', raw[:8])",
  '    header = json.loads(raw[8:8 + n])',
  "    metadata = header.pop('__metadata__', {})",
  '    data = raw[8 + n:]',
  '    tensors = {}',
  '    for name, entry in header.items():',
  "        assert entry['dtype'] == 'F32', entry",
  "        begin, end = entry['data_offsets']",
  "        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(entry['shape'])",
  '    return tensors, metadata',
);

/** The run's settings; the vocabulary, tokenizer and sizes come from the weights' metadata, so ids match LSTM Lens's. */
function configSection(preset: TrainPreset, files: ExportFileNames, folder: string): string {
  return lines(
    `FOLDER = ${folder}`,
    `WEIGHTS_FILE = FOLDER / ${pyString(files.weights)}`,
    `CORPUS_FILE = FOLDER / ${pyString(files.corpus)}`,
    `OUT_FILE = FOLDER / ${pyString(files.trained)}`,
    '',
    'TENSORS, METADATA = load_safetensors(WEIGHTS_FILE)',
    "VOCAB_TOKENS = json.loads(METADATA['vocab'])  # index order, '<unk>' first",
    "TOKENIZER = json.loads(METADATA['tokenizer'])  # {'kind': 'd2l'} or {'kind': 'chars', 'maxVocab': n}",
    "CELL = METADATA['cell']",
    "NUM_HIDDENS, NUM_LAYERS = int(METADATA['hiddenSize']), int(METADATA['numLayers'])",
    '',
    `NUM_STEPS, BATCH_SIZE = ${preset.numSteps}, ${preset.batchSize}`,
    `OPTIMIZER, LR, CLIP_THETA = ${pyString(preset.optimizer)}, ${pyNumber(preset.lr)}, ${pyNumber(preset.clipTheta)}`,
    '# LSTM_LENS_EPOCHS overrides the epochs without editing the notebook (0: save the weights as loaded).',
    `NUM_EPOCHS = int(os.environ.get('LSTM_LENS_EPOCHS', ${preset.epochs}))`,
    `USE_RANDOM_ITER = ${preset.partition === 'random' ? 'True' : 'False'}  # d2l's use_random_iter: False carries the state across minibatches`,
    `SEED = ${preset.seed}`,
    `PREFIX, SAMPLE_LENGTH, SAMPLE_EVERY = ${pyString(preset.samplePrefix)}, ${preset.sampleLength}, ${preset.sampleEvery}`,
    'random.seed(SEED)',
    'torch.manual_seed(SEED)',
  );
}

const TOKENIZER_SECTION = lines(
  'def tokenize(text, tokenizer):',
  '    """d2l\'s read_time_machine + tokenize(lines, \'char\'), or every character for {\'kind\': \'chars\'}."""',
  "    if tokenizer['kind'] == 'chars':",
  '        return list(text)',
  "    lines = re.split(r'\\r\\n|\\r|\\n', text)  # the breaks of Python's universal newlines",
  "    lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in lines]",
  '    return [token for line in lines for token in line]',
  '',
  '',
  'class Vocab:',
  '    """d2l\'s Vocab with the model\'s own tokens in its order; unknown tokens are <unk> (0)."""',
  '    def __init__(self, idx_to_token):',
  '        self.idx_to_token = list(idx_to_token)',
  '        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}',
  '',
  '    def __len__(self):',
  '        return len(self.idx_to_token)',
  '',
  '    def __getitem__(self, tokens):',
  '        if not isinstance(tokens, (list, tuple)):',
  '            return self.token_to_idx.get(tokens, 0)',
  '        return [self.__getitem__(token) for token in tokens]',
  '',
  '    def to_tokens(self, indices):',
  "        return ''.join(self.idx_to_token[i] for i in indices)",
  '',
  '',
  'vocab = Vocab(VOCAB_TOKENS)',
  "with open(CORPUS_FILE, encoding='utf-8', newline='') as f:  # newline='': the characters as LSTM Lens read them",
  '    corpus = vocab[tokenize(f.read(), TOKENIZER)]',
  "print(f'{len(corpus)} tokens, vocabulary {len(vocab)}')",
);

const PARTITION_SECTION = lines(
  'def seq_data_iter_random(corpus, batch_size, num_steps):',
  '    """d2l: random non-overlapping subsequences; adjacent minibatches are unrelated."""',
  '    corpus = corpus[random.randint(0, num_steps - 1):]',
  '    num_subseqs = (len(corpus) - 1) // num_steps',
  '    initial_indices = list(range(0, num_subseqs * num_steps, num_steps))',
  '    random.shuffle(initial_indices)',
  '    num_batches = num_subseqs // batch_size',
  '    for i in range(0, batch_size * num_batches, batch_size):',
  '        indices = initial_indices[i: i + batch_size]',
  '        X = [corpus[j: j + num_steps] for j in indices]',
  '        Y = [corpus[j + 1: j + 1 + num_steps] for j in indices]',
  '        yield torch.tensor(X), torch.tensor(Y)',
  '',
  '',
  'def seq_data_iter_sequential(corpus, batch_size, num_steps):',
  '    """d2l: row r of minibatch k+1 continues row r of minibatch k, so the state carries across."""',
  '    offset = random.randint(0, num_steps)',
  '    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size',
  '    Xs = torch.tensor(corpus[offset: offset + num_tokens]).reshape(batch_size, -1)',
  '    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens]).reshape(batch_size, -1)',
  '    num_batches = Xs.shape[1] // num_steps',
  '    for i in range(0, num_steps * num_batches, num_steps):',
  '        yield Xs[:, i: i + num_steps], Ys[:, i: i + num_steps]',
  '',
  '',
  'def data_iter(corpus):',
  '    fn = seq_data_iter_random if USE_RANDOM_ITER else seq_data_iter_sequential',
  '    return fn(corpus, BATCH_SIZE, NUM_STEPS)',
);

const MODEL_SECTION = lines(
  'class RNNModel(nn.Module):',
  '    """d2l\'s concise RNNModel: one-hot inputs, the recurrent layer, then O = H W_hq + b_q."""',
  '    def __init__(self, rnn_layer, vocab_size):',
  '        super().__init__()',
  '        self.rnn = rnn_layer',
  '        self.vocab_size = vocab_size',
  '        self.num_hiddens = self.rnn.hidden_size',
  '        self.linear = nn.Linear(self.num_hiddens, self.vocab_size)',
  '',
  '    def forward(self, inputs, state):',
  '        X = F.one_hot(inputs.T.long(), self.vocab_size).type(torch.float32)',
  '        Y, state = self.rnn(X, state)',
  '        return self.linear(Y.reshape((-1, Y.shape[-1]))), state',
  '',
  '    def begin_state(self, device, batch_size=1):',
  '        zeros = lambda: torch.zeros((self.rnn.num_layers, batch_size, self.num_hiddens), device=device)',
  '        return (zeros(), zeros()) if isinstance(self.rnn, nn.LSTM) else zeros()',
  '',
  '',
  "device = torch.device('cpu')",
  "rnn_layer = {'lstm': nn.LSTM, 'rnn': nn.RNN}[CELL](len(vocab), NUM_HIDDENS, num_layers=NUM_LAYERS)",
  'net = RNNModel(rnn_layer, len(vocab))',
  "net.load_state_dict(TENSORS, strict=True)  # LSTM Lens's weights: b_ih = d2l's b, b_hh = 0",
  'net = net.to(device)',
);

const TRAIN_SECTION = lines(
  'def predict_ch8(prefix, num_preds, net, vocab, device):',
  '    """d2l: warm up on the prefix, then append the argmax token num_preds times."""',
  '    model = getattr(net, \'module\', net)',
  '    state = model.begin_state(batch_size=1, device=device)',
  '    outputs = [vocab[prefix[0]]]',
  '    get_input = lambda: torch.tensor([outputs[-1]], device=device).reshape((1, 1))',
  '    for y in prefix[1:]:',
  '        _, state = net(get_input(), state)',
  '        outputs.append(vocab[y])',
  '    for _ in range(num_preds):',
  '        y, state = net(get_input(), state)',
  '        outputs.append(int(y.argmax(dim=1).reshape(1)))',
  '    return vocab.to_tokens(outputs)',
  '',
  '',
  'def grad_clipping(net, theta):',
  '    """d2l: g ← min(1, θ / ‖g‖) g over all parameters together."""',
  '    params = [p for p in net.parameters() if p.requires_grad and p.grad is not None]',
  '    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))',
  '    if norm > theta:',
  '        for p in params:',
  '            p.grad[:] *= theta / norm',
  '',
  '',
  'def train_epoch_ch8(net, batches, loss, updater, device, use_random_iter):',
  '    """d2l: one epoch; returns (summed loss, tokens) so callers can pool them across processes."""',
  '    model = getattr(net, \'module\', net)',
  '    state, total, tokens = None, 0.0, 0',
  '    for X, Y in batches:',
  '        if state is None or use_random_iter:',
  '            state = model.begin_state(batch_size=X.shape[0], device=device)',
  '        elif isinstance(state, tuple):',
  '            state = tuple(s.detach() for s in state)  # carried, but no gradient into the last minibatch',
  '        else:',
  '            state = state.detach()',
  '        y = Y.T.reshape(-1).to(device)',
  '        y_hat, state = net(X.to(device), state)',
  '        l = loss(y_hat, y.long()).mean()',
  '        updater.zero_grad()',
  '        l.backward()',
  '        grad_clipping(net, CLIP_THETA)',
  '        updater.step()',
  '        total += float(l) * y.numel()',
  '        tokens += y.numel()',
  '    return total, tokens',
  '',
  '',
  'def make_updater(net):',
  "    return (torch.optim.Adam if OPTIMIZER == 'adam' else torch.optim.SGD)(net.parameters(), lr=LR)",
  '',
  '',
  'def train_ch8(net, corpus, vocab, num_epochs, device, pool=lambda total, tokens: (total, tokens), log=print):',
  '    """d2l: perplexity exp(mean cross-entropy) per epoch and a predict_ch8 sample every SAMPLE_EVERY epochs."""',
  '    loss, updater = nn.CrossEntropyLoss(), make_updater(net)',
  '    prefix = PREFIX or vocab.to_tokens(corpus[:10])',
  '    ppl = math.nan',
  '    for epoch in range(num_epochs):',
  '        start = time.time()',
  '        total, tokens = pool(*train_epoch_ch8(net, data_iter(corpus), loss, updater, device, USE_RANDOM_ITER))',
  '        ppl = math.exp(total / max(tokens, 1))',
  "        log(f'epoch {epoch + 1}, perplexity {ppl:.2f}, {tokens / (time.time() - start):.1f} tokens/sec')",
  '        if (epoch + 1) % SAMPLE_EVERY == 0 or epoch + 1 == num_epochs:',
  '            log(predict_ch8(prefix, SAMPLE_LENGTH, net, vocab, device))',
  '    return ppl',
);

const SAVE_SECTION = lines(
  'def save_model(net, path):',
  '    """The state dict with the metadata it was loaded with (vocabulary, tokenizer, sizes): LSTM Lens\'s Load Model reads it."""',
  "    model = getattr(net, 'module', net)",
  '    save_safetensors(path, model.state_dict(), METADATA)',
  "    print(f'saved {path}')",
);

/**
 * The sections in run order; `folder` is the Python expression of the folder holding the
 * files (the notebook's working directory, the script's own folder).
 */
export function pythonSections(preset: TrainPreset, folder: string, files: ExportFileNames = EXPORT_FILES): PythonSection[] {
  return [
    { title: 'Imports', code: IMPORTS },
    { title: 'safetensors without the `safetensors` package', code: SAFETENSORS },
    { title: 'The model\'s settings, and the run\'s (set `LSTM_LENS_EPOCHS` to change the epochs)', code: configSection(preset, files, folder) },
    { title: 'The tokenizer and the vocabulary, in the model\'s order', code: TOKENIZER_SECTION },
    { title: 'Minibatches: d2l\'s random and sequential partitions', code: PARTITION_SECTION },
    { title: 'The model, with the weights exported from LSTM Lens', code: MODEL_SECTION },
    { title: 'train_ch8', code: TRAIN_SECTION },
    { title: 'Saving back to safetensors', code: SAVE_SECTION },
  ];
}
