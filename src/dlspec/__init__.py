"""dlspec: the algorithms of the Deep Learning Specialization in plain NumPy.

Each concept lives in its own small module, written to be read top to
bottom. Import from the modules, for example::

    from dlspec.activations import sigmoid
    from dlspec.network import dense_network
    from dlspec.training import fit

Shapes follow the course: examples are the columns of a matrix (``X`` has
shape ``(n_x, m)``, labels ``Y`` have shape ``(n_y, m)``), float64 by default
with float32 preserved, and randomness only through an explicit
``rng: numpy.random.Generator`` argument.

One convention for every differentiable block
---------------------------------------------
Every block (a linear step, an activation, dropout, batch norm, a whole network;
later convolution, pooling, recurrent cells and attention) is a pair::

    out, cache = block_forward(x, params, ...)   # params: the block's own dict, e.g. {"W", "b"}
    dx, grads = block_backward(dout, cache)      # grads: {"dW", "db"}; {} without parameters

* The cache holds everything the backward pass needs: the inputs, the
  activation's name, the dropout mask *and* its keep probability, the
  batch-norm statistics. A backward pass never takes configuration again,
  so a forward/backward mismatch cannot happen; a cache handed to the wrong
  backward pass is refused by name.
* ``grads`` holds the gradients of the block's parameters only, keyed
  ``"d" + name``; the gradient with respect to the input comes back on its own.
* ``dout`` and ``dx`` are derivatives of each example's own loss; ``grads``
  are derivatives of the mean cost, so the ``1/m`` appears in the blocks
  with parameters, where the course's equations put it (``dW = dZ A^T / m``).
* Models end in logits. The output function (sigmoid or softmax) and its
  cross-entropy go together in :mod:`dlspec.losses`, so the backward pass
  starts from ``dZ = A - Y``.

Arguments are validated where a user calls in (the forward pass of a block,
``fit``, ``predict``, every cost) with a ``ValueError`` or ``TypeError`` that
names the argument; training loops check once and then run unchecked.

Layout: flat, one module per concept
------------------------------------
Building blocks: ``activations`` (with their registry), ``losses`` (with the one
label check), ``initializers``, ``layers``, ``regularization`` (dropout, L2),
``normalization``, ``optimizers`` (with schedules), ``network`` (the one
composition) and ``training`` (the one ``fit``). Course-week models that a week
builds by hand on purpose: ``logistic_regression`` (C1W2) and
``shallow_network`` (C1W3). Around them: ``gradcheck``, ``metrics``, ``data``,
``planar_data``, ``plotting``, ``tuning``, ``strategy``. Private: ``_validate``,
the only module whose underscore names others import.

The package stays flat rather than grouped into subpackages (as numpy-ml does):
with Courses 4 and 5 it grows to about 30 modules of 100-500 lines, which a
reader can still scan in one listing; every import is one level deep
(``from dlspec.layers import ...``), with no re-exporting ``__init__`` files to
keep in step; and a concept that outgrows one module (convolution: naive and
fast) is split into sibling modules, not nested. Courses 4 and 5 add ``conv``,
``pooling``, ``recurrent`` and ``attention`` beside ``layers``. Course 4, Week 3:
``detection`` (box formats, IoU, score filtering, non-max suppression), ``yolo`` (decoding
and encoding YOLO's grid of anchor boxes) and ``transpose_conv`` (U-Net's upsampling).
Course 4, Week 4:
``siamese`` (distances, triplet loss, verification), ``feature_net`` (a conv stack whose
every activation is read) and ``style_transfer`` (content and Gram-matrix style costs).
Course 5, Week 1: ``recurrent`` (the basic RNN cell and backpropagation through time),
``gru`` and ``lstm`` (the gated cells; the LSTM's sequence with its four gates stacked) and
``language_model`` (the output layer at every step, the summed cost, gradient clipping,
sampling with a temperature), with ``wordlists`` (the names of the chemical elements, the
character model's training words).
Course 5, Week 2: ``embeddings`` (the embedding lookup, cosine similarity, analogies),
``word2vec`` (skip-gram with negative sampling), ``glove`` (GloVe's objective) and
``debiasing`` (bias direction, neutralise, equalise).
Course 5, Week 3: ``attention`` (the course's additive attention, with a mask: 1 = attend,
0 = masked), ``seq2seq`` (the date-translation encoder-decoder: a bidirectional LSTM encoder,
attention at every output step, a post-attention LSTM with a softmax per step),
``beam_search`` (greedy decoding, beam search with length normalisation) and ``bleu``
(modified n-gram precision, brevity penalty, sentence and corpus BLEU), with ``audio``
(the spectrogram that trigger-word detection reads).
Course 5, Week 4: ``self_attention`` (positional encoding, padding and look-ahead masks,
scaled dot-product and multi-head attention), ``layer_norm`` and ``transformer`` (the
position-wise feed-forward network, encoder and decoder layers, a small full transformer).
"""

__version__ = "0.1.0"
