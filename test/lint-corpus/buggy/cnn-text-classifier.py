# Loss Lens lint corpus, a buggy excerpt (real code joined from the files below; only "# expect:" comments added)
# Why: forward returns F.softmax probabilities and training calls CrossEntropyLoss on them (https://github.com/yongjincho/cnn-text-classification-pytorch/issues/1)
# ---- https://github.com/yongjincho/cnn-text-classification-pytorch/blob/c8b9a706dad648503b5b66006babd88db66fd0bb/model.py#L1-L44
import torch
import torch.nn as nn
import torch.nn.functional as F



class CnnTextClassifier(nn.Module):
    def __init__(self, vocab_size, window_sizes=(3, 4, 5)):
        super(CnnTextClassifier, self).__init__()

        self.embedding = nn.Embedding(vocab_size, config.emb_size)

        self.convs = nn.ModuleList([
            nn.Conv2d(1, config.num_filters, [window_size, config.emb_size], padding=(window_size - 1, 0))
            for window_size in window_sizes
        ])

        self.fc = nn.Linear(config.num_filters * len(window_sizes), config.num_classes)

    def forward(self, x):
        x = self.embedding(x)           # [B, T, E]

        # Apply a convolution + max pool layer for each window size
        x = torch.unsqueeze(x, 1)       # [B, C, T, E] Add a channel dim.
        xs = []
        for conv in self.convs:
            x2 = F.relu(conv(x))        # [B, F, T, 1]
            x2 = torch.squeeze(x2, -1)  # [B, F, T]
            x2 = F.max_pool1d(x2, x2.size(2))  # [B, F, 1]
            xs.append(x2)
        x = torch.cat(xs, 2)            # [B, F, window]

        # FC
        x = x.view(x.size(0), -1)       # [B, F * window]
        logits = self.fc(x)             # [B, class]

        # Prediction
        probs = F.softmax(logits)       # [B, class]
        classes = torch.max(probs, 1)[1]# [B]

        return probs, classes
# ---- https://github.com/yongjincho/cnn-text-classification-pytorch/blob/c8b9a706dad648503b5b66006babd88db66fd0bb/text_classifier.py#L14-L81
def train(args, states=None):
    vocab = Vocabulary(config.vocab_file)
    train_set = ClassificationDataset(config.train_file, vocab, config.train_batch_size)

    model = CnnTextClassifier(len(vocab))
    if torch.cuda.is_available():
        model.cuda()

    loss_function = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=config.learning_rate)

    writer = SummaryWriter(log_dir=args.model_dir)

    if states:
        logging.info("Restoring the saved states...")
        epoch = states["epoch"]
        step = states["step"] + 1
        model.load_state_dict(states["model"])
        optimizer.load_state_dict(states["optimizer"])
    else:
        epoch = 0
        step = 0

    is_finished = False
    while (not config.num_epochs or epoch < config.num_epochs) and not is_finished:
        logging.info("==================== Epoch: {} ====================".format(epoch))
        running_losses = []
        for batch in train_set:
            if config.train_steps and step >= config.train_steps:
                is_finished = True
                break

            sequences = autograd.Variable(torch.LongTensor(batch["sequences"]))
            labels = autograd.Variable(torch.LongTensor(batch["labels"]))
            if torch.cuda.is_available():
                sequences, labels = sequences.cuda(), labels.cuda()

            # Predict
            probs, classes = model(sequences)

            # Backpropagation
            optimizer.zero_grad()
            losses = loss_function(probs, labels)  # expect: softmax-before-cross-entropy
            losses.backward()
            optimizer.step()

            # Log summary
            running_losses.append(losses.data[0])
            if step % args.summary_interval == 0:
                loss = sum(running_losses) / len(running_losses)
                writer.add_scalar("train/loss", loss, step)
                logging.info("step = {}, loss = {}".format(step, loss))
                running_losses = []

            # Save a checkpoint
            if step % args.checkpoint_interval == 0:
                states = {
                    "epoch": epoch,
                    "step": step,
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict()
                }
                utils.save_checkpoint(args.model_dir, step, states, args.keep_checkpoint_max)

            step += 1

        epoch += 1

