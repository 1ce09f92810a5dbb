# Source: https://www.codegenes.net/blog/pytorch-docs-loss (linear regression training loop; seed and sizes are the driver's)
import torch
import torch.nn as nn
torch.manual_seed(0)
# Generate some sample data
x = torch.randn(8, 1)
y = 2 * x + 1 + 0.1 * torch.randn(8, 1)
# Define a simple linear model
model = nn.Linear(1, 1)
# Define the loss function and optimizer
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr = 0.01)
# Training loop
for epoch in range(20):
    # Forward pass
    outputs = model(x)
    loss = criterion(outputs, y)
    # Backward and optimize
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 10 == 0:
        print(f'Epoch [{epoch+1}/20], Loss: {loss.item():.4f}')
