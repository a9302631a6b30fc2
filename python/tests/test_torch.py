"""The empirical loss and gradient against PyTorch autograd at float64 (skipped without torch)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import bothlayers  # noqa: E402


@pytest.mark.parametrize("seed", range(5))
def test_empirical_against_autograd(seed):
    rng = np.random.default_rng(seed)
    k, d, r, n = 3, 6, 2, 200
    W, V, A = rng.standard_normal((k, d)), rng.standard_normal((k, r)), rng.standard_normal((d, r))
    X = rng.standard_normal((n, d))
    Wt = torch.tensor(W, requires_grad=True, dtype=torch.float64)
    Vt = torch.tensor(V, requires_grad=True, dtype=torch.float64)
    Xt, At = torch.tensor(X), torch.tensor(A)
    residual = torch.relu(Xt @ Wt.T) @ Vt - Xt @ At
    loss = (residual ** 2).sum() / (2 * n)
    loss.backward()
    ours = bothlayers.empirical_loss(W, V, A, X)
    gW, gV = bothlayers.empirical_gradient(W, V, A, X)
    assert ours == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(gW, Wt.grad.numpy(), rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(gV, Vt.grad.numpy(), rtol=1e-11, atol=1e-13)
