//! At a singular matrix the gradients of `logdet`, `logabsdet` and `slogdet` (∞) and the
//! second derivative of `det` (formed through the inverse) do not exist as computed: the
//! error names the function the user called, not the `inv` inside its rule.

mod common;

use autograd::linalg::{det, logabsdet, logdet, slogdet};
use autograd::prelude::*;
use common::assert_close;

fn singular() -> Tensor {
    Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 2.0, 4.0])
}

fn error_of(f: impl FnOnce() -> Tensor) -> Error {
    catch(f).expect_err("a singular matrix has no such gradient")
}

#[test]
fn gradients_through_the_inverse_name_the_function_called() {
    let logabsdet_gradient = error_of(|| gradfun(logabsdet)(&singular()));
    assert_eq!(logabsdet_gradient.op(), "logabsdet");
    assert!(logabsdet_gradient.to_string().contains("singular"), "{logabsdet_gradient}");
    assert_eq!(error_of(|| gradfun(logdet)(&singular())).op(), "logdet");
    assert_eq!(error_of(|| gradfun(|a: &Tensor| slogdet(a).1)(&singular())).op(), "slogdet");
    // det's gradient exists there (the cofactors); its second derivative goes through the
    // inverse.
    let weights = Tensor::from_shape_vec(&[2, 2], vec![1.0, -1.0, 0.5, 2.0]);
    let second = |a: &Tensor| sum(&(gradfun(det)(a) * &weights));
    assert_eq!(error_of(|| gradfun(second)(&singular())).op(), "det");
    assert_close(gradfun(det)(&singular()), [4.0, -2.0, -2.0, 1.0], 1e-14);
}
