#!/usr/bin/env python3
"""PyTorch side of bench/perplexity.ts: d2l's concise RNNModel (nn.LSTM + nn.Linear) trained
from given initial weights with d2l's train_ch8 settings, printing per-epoch perplexities.

The weights come as the safetensors file LSTM Lens exports (exportTorchSafetensors: the state
dict of d2l's RNNModel, the vocabulary in the header's __metadata__). It is read with
test/fixtures/torch_safetensors.py (by hand, so the `safetensors` package is not needed). Training: one-hot input, SGD lr, d2l's grad_clipping (global norm over all parameters,
θ), sequential partition (d2l's seq_data_iter_sequential) with the state carried and detached
between minibatches and reset at each epoch, perplexity = exp(mean cross-entropy of the epoch).
With --offsets the epochs use those partition offsets (one per epoch, to replay LSTM Lens's data
order); without, a random offset per epoch as d2l draws it.
Prints one JSON line: {"perplexities", "offsets", "seconds", "threads", "blas", "torch"}.
"""
import argparse
import json
import random
import re
import sys
import time

import pathlib

import torch
from torch import nn

from torch_lstm import Concise, blas_in_use  # d2l's concise RNNModel and the BLAS check, shared with the speed bench

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures'))
from torch_safetensors import load_safetensors  # noqa: E402  (the fixtures' F32 safetensors reader)



def load_corpus(path, vocab):
    """d2l's tokenize (letters only, lowercased, characters) mapped through the given vocabulary."""
    with open(path) as f:
        lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in f]
    idx = {tok: i for i, tok in enumerate(vocab)}
    return [idx.get(ch, 0) for line in lines for ch in line]


def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    """d2l's seq_data_iter_sequential with a given offset."""
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset:offset + num_tokens]).reshape(batch_size, -1)
    Ys = torch.tensor(corpus[offset + 1:offset + 1 + num_tokens]).reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]





def grad_clipping(net, theta):
    """d2l's grad_clipping: g ← θ/‖g‖ · g when the global norm ‖g‖ > θ."""
    params = [p for p in net.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--weights', required=True, help='initial weights (safetensors from exportTorchSafetensors)')
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--num-steps', type=int, default=35)
    ap.add_argument('--lr', type=float, default=1.0)
    ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--offsets', help='comma-separated partition offset per epoch (default: random, as d2l)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--single-bias', action='store_true',
                    help="freeze rnn.bias_hh (zero) so the LSTM has d2l's one bias per gate; by default both "
                         "nn.LSTM biases train, as in d2l's concise model (twice the step on the summed bias)")
    ap.add_argument('--log-every', type=int, default=0, help='print ms/minibatch to stderr every this many minibatches')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    tensors, metadata = load_safetensors(pathlib.Path(args.weights))
    vocab = json.loads(metadata['vocab'])
    hidden = int(metadata['hiddenSize'])
    if metadata.get('cell', 'lstm') != 'lstm' or int(metadata.get('numLayers', '1')) != 1:
        raise SystemExit('torch_perplexity.py trains a one-layer LSTM only')
    corpus = load_corpus(args.corpus, vocab)
    net = Concise(len(vocab), hidden)
    net.load_state_dict(tensors)
    if args.single_bias:
        for name, p in net.rnn.named_parameters():
            if name.startswith('bias_hh'):
                p.requires_grad_(False)
    offsets = [int(o) for o in args.offsets.split(',')] if args.offsets else []
    if offsets and len(offsets) < args.epochs:
        raise SystemExit(f'--offsets has {len(offsets)} offsets for {args.epochs} epochs')
    loss_fn = nn.CrossEntropyLoss()
    updater = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    perplexities, used = [], []
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        offset = offsets[epoch] if offsets else random.randint(0, args.num_steps)
        used.append(offset)
        state, loss_sum, n, k, t_log = None, 0.0, 0, 0, time.perf_counter()
        for X, Y in seq_data_iter_sequential(corpus, args.batch_size, args.num_steps, offset):
            if state is None:
                state = net.init_state(X.shape[0])
            else:
                state = tuple(s.detach_() for s in state)
            y = Y.T.reshape(-1)
            y_hat, state = net(X, state)
            loss = loss_fn(y_hat, y.long()).mean()
            updater.zero_grad()
            loss.backward()
            grad_clipping(net, args.clip)
            updater.step()
            loss_sum += loss.item() * y.numel()
            n += y.numel()
            k += 1
            if args.log_every and k % args.log_every == 0:
                now = time.perf_counter()
                print(f'epoch {epoch + 1} batch {k}: {1000 * (now - t_log) / args.log_every:.1f} ms/minibatch, loss {loss.item():.4f}', file=sys.stderr, flush=True)
                t_log = now
        perplexities.append(float(torch.exp(torch.tensor(loss_sum / n))))
    print(json.dumps({
        'perplexities': perplexities,
        'offsets': used,
        'seconds': time.perf_counter() - t0,
        'threads': args.threads,
        'single_bias': args.single_bias,
        'blas': blas_in_use(),
        'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
