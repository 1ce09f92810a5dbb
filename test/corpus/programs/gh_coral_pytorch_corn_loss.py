# Source: github.com/Raschka-research-group/coral-pytorch, coral_pytorch/losses.py (corn_loss; docstring dropped)
# with corn_label_from_logits from coral_pytorch/dataset.py
import torch.nn.functional as F
import torch


def corn_loss(logits, y_train, num_classes):
    sets = []
    for i in range(num_classes-1):
        label_mask = y_train > i-1
        label_tensor = (y_train[label_mask] > i).to(torch.int64)
        sets.append((label_mask, label_tensor))

    num_examples = 0
    losses = 0.
    for task_index, s in enumerate(sets):
        train_examples = s[0]
        train_labels = s[1]

        if len(train_labels) < 1:
            continue

        num_examples += len(train_labels)
        pred = logits[train_examples, task_index]

        loss = -torch.sum(F.logsigmoid(pred)*train_labels
                          + (F.logsigmoid(pred) - pred)*(1-train_labels))
        losses += loss

    return losses/num_classes


def corn_label_from_logits(logits):
    probas = torch.sigmoid(logits)
    probas = torch.cumprod(probas, dim=1)
    predict_levels = probas > 0.5
    predicted_labels = torch.sum(predict_levels, dim=1)
    return predicted_labels


# Driver: the docstring's labels with seeded logits (for the docstring's nn.Linear)
torch.manual_seed(123)
y_train = torch.tensor([0, 1, 2, 2, 2, 3, 4, 4])
NUM_CLASSES = 5
logits = torch.randn(8, NUM_CLASSES - 1, requires_grad=True)
loss = corn_loss(logits, y_train, NUM_CLASSES)
print(loss)
loss.backward()
print(logits.grad)
print(corn_label_from_logits(logits))
print(corn_loss(logits[:2], y_train[:2], NUM_CLASSES))
