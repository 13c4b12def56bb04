#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:train`: the d2l LSTM workload on the CPU.

One-hot input of the d2l time machine corpus (letters only, vocabulary 28), hidden 256,
batch 32, steps 35, SGD lr 1, global-norm clip 1 (d2l's grad_clipping), sequential minibatches
with the state carried and detached. Models: `lstm` (nn.LSTM + nn.Linear, d2l's concise model)
and `scratch` (d2l's lstm from scratch: eight gate products a step). Prints one JSON line:
{"contender", "threads", "tokens_per_s", "median_ms", "peak_rss_mb", "blas", "torch"}.
Run with LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread so torch uses OpenBLAS
(Debian's default reference BLAS is ~20x slower and would make a false comparison).
"""
import argparse
import collections
import json
import re
import resource
import time

import torch
from torch import nn
from torch.nn import functional as F


def load_corpus(path):
    """d2l's load_corpus_time_machine: letters only, lowercased, characters, by frequency."""
    with open(path) as f:
        lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in f]
    tokens = [ch for line in lines for ch in line]
    counts = sorted(collections.Counter(tokens).items(), key=lambda kv: kv[1], reverse=True)
    idx = {tok: i + 1 for i, (tok, _) in enumerate(counts)}  # 0 is <unk>
    return [idx[t] for t in tokens], len(idx) + 1


def sequential_batches(corpus, batch_size, num_steps):
    """d2l's seq_data_iter_sequential with offset 0, forever."""
    n = ((len(corpus) - 1) // batch_size) * batch_size
    xs = torch.tensor(corpus[:n]).reshape(batch_size, -1)
    ys = torch.tensor(corpus[1:n + 1]).reshape(batch_size, -1)
    while True:
        for i in range(0, (xs.shape[1] // num_steps) * num_steps, num_steps):
            yield xs[:, i:i + num_steps], ys[:, i:i + num_steps]


class Concise(nn.Module):
    """d2l's RNNModel around nn.LSTM (or nn.GRU), `layers` deep."""

    def __init__(self, vocab, hidden, layers=1, cell='lstm'):
        super().__init__()
        self.vocab = vocab
        self.rnn = (nn.LSTM if cell == 'lstm' else nn.GRU)(vocab, hidden, layers)
        self.linear = nn.Linear(hidden, vocab)

    def init_state(self, batch):
        z = torch.zeros(self.rnn.num_layers, batch, self.rnn.hidden_size)
        return (z, z.clone()) if isinstance(self.rnn, nn.LSTM) else (z,)

    def forward(self, X, state):
        # the state is a tuple for both (the loop detaches each part): (H, C) for nn.LSTM, (H,) for nn.GRU
        lstm = isinstance(self.rnn, nn.LSTM)
        Y, state = self.rnn(F.one_hot(X.T.long(), self.vocab).float(), state if lstm else state[0])
        return self.linear(Y.reshape(-1, Y.shape[-1])), state if lstm else (state,)


class Scratch(nn.Module):
    """d2l's lstm from scratch (get_lstm_params / lstm)."""

    def __init__(self, vocab, hidden):
        super().__init__()
        self.vocab, self.hidden = vocab, hidden
        w = lambda *shape: nn.Parameter(torch.randn(*shape) * 0.01)
        three = lambda: (w(vocab, hidden), w(hidden, hidden), nn.Parameter(torch.zeros(hidden)))
        self.gates = nn.ParameterList([p for _ in range(4) for p in three()])  # I, F, O, C~
        self.W_hq, self.b_q = w(hidden, vocab), nn.Parameter(torch.zeros(vocab))

    def init_state(self, batch):
        return (torch.zeros(batch, self.hidden), torch.zeros(batch, self.hidden))

    def forward(self, X, state):
        g = self.gates
        H, C = state
        outputs = []
        for x in F.one_hot(X.T.long(), self.vocab).float():
            I = torch.sigmoid(x @ g[0] + H @ g[1] + g[2])
            Fg = torch.sigmoid(x @ g[3] + H @ g[4] + g[5])
            O = torch.sigmoid(x @ g[6] + H @ g[7] + g[8])
            C_tilde = torch.tanh(x @ g[9] + H @ g[10] + g[11])
            C = Fg * C + I * C_tilde
            H = O * torch.tanh(C)
            outputs.append(H @ self.W_hq + self.b_q)
        return torch.cat(outputs, dim=0), (H, C)


def blas_in_use():
    """Which BLAS library the process mapped (the comparison is only fair with OpenBLAS)."""
    with open('/proc/self/maps') as f:
        libs = {line.split()[-1] for line in f if 'blas' in line.lower()}
    return ', '.join(sorted(libs)) or 'unknown'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['lstm', 'scratch'], default='lstm')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--steps', type=int, default=30)
    ap.add_argument('--warmup', type=int, default=5)
    ap.add_argument('--corpus', required=True)
    # the model's shape, for bench/scale.ts (nn.LSTM/nn.GRU only); the workload's by default
    ap.add_argument('--cell', choices=['lstm', 'gru'], default='lstm')
    ap.add_argument('--hidden', type=int, default=256)
    ap.add_argument('--layers', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    corpus, vocab = load_corpus(args.corpus)
    batch_size, num_steps = 32, 35
    net = Concise(vocab, args.hidden, args.layers, args.cell) if args.model == 'lstm' else Scratch(vocab, args.hidden)
    opt = torch.optim.SGD(net.parameters(), lr=1)
    loss_fn = nn.CrossEntropyLoss()
    state = net.init_state(batch_size)
    times = []
    batches = sequential_batches(corpus, batch_size, num_steps)
    for i in range(args.warmup + args.steps):
        X, Y = next(batches)
        t0 = time.perf_counter()
        state = tuple(s.detach() for s in state)
        y_hat, state = net(X, state)
        loss = loss_fn(y_hat, Y.T.reshape(-1).long())
        opt.zero_grad()
        loss.backward()
        params = [p for p in net.parameters()]
        norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
        if norm > 1:  # d2l's grad_clipping, θ = 1
            for p in params:
                p.grad[:] *= 1 / norm
        opt.step()
        if i >= args.warmup:
            times.append(time.perf_counter() - t0)
    times.sort()
    median = times[len(times) // 2]
    print(json.dumps({
        'contender': f'pytorch-{"nn." + args.cell.upper() if args.model == "lstm" else "scratch"}',
        'threads': args.threads,
        'tokens_per_s': batch_size * num_steps / median,
        'median_ms': median * 1000,
        'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'blas': blas_in_use(),
        'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
