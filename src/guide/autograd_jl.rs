//! # For AutoGrad.jl users
//!
//! The interface is the same, spelled in Rust.
//!
//! | AutoGrad.jl | autograd for Rust |
//! | --- | --- |
//! | `x = Param([1,2,3])` | `let x = Param::new(array![1.0, 2.0, 3.0]);` |
//! | `y = @diff sum(abs2, x)` | `let y = diff(\|\| sum(&abs2(&x)));` |
//! | `value(y)`, `grad(y, x)` | `value(&y)`, `grad(&y, &x)` (an `Option`: `None` if `x` took no part) |
//! | `params(model)` | `params(&model)` with `#[derive(Params)]` on the model's struct |
//! | `grad(f)`, `gradloss(f)` | `gradfun(f)`, `gradloss(f)` |
//! | `@primitive log(x),dy,y  (dy ./ x)` | `#[primitive(dy => dy / x)] fn log(x: f64) -> f64 { x.ln() }` |
//! | `@zerograd sign(x)` | `#[zerograd] fn sign(x: f64) -> f64 { .. }` |
//! | `collect(tape)`, `dump(node)` | `tape.nodes()`, `format!("{node:#?}")` (with `diff_debug`) |
//! | `AUTOGRAD_TIMER=true` | `AUTOGRAD_TIMER=1`, then `autograd::timer::report()` |
//! | `gcheck` | `gradcheck`, `gradgradcheck`; over a model's `Param`s, `gradcheck_params(\|\| loss(&model), &params(&model))` and `gradgradcheck_params` |
//! | a loop over `grad` for a Jacobian or Hessian | `jacobian(f, &x)`, `hessian(f, &x)`, `jvp`, `vjp`, `hvp` (and `jacobians`, `hessians`, `jvps`, `vjps`, `hvps` for several arguments) |
//!
//! ## Every AutoGrad.jl primitive, by its name here
//!
//! Each name that AutoGrad.jl declares with `@primitive` or `@zerograd` (its `base.jl`,
//! `math.jl`, `specialfunctions.jl`, `linearalgebra.jl`, `statistics.jl`, `getindex.jl`), or
//! differentiates by defining it over its tracked values (`cat`, `vcat`, `hcat`, `cat1d`,
//! `kron`, `var`, `std`, `varm`, `stdm`). `tests/autograd_jl_names.rs` keeps this table
//! complete in both directions: every one of those names is in the left column, every
//! primitive registered here is in one of the two tables, and every path below is imported
//! by the example at the end of this section.
//!
//! | AutoGrad.jl | autograd for Rust |
//! | --- | --- |
//! | `+`, `-`, `*`, `/` (element-wise, `.+` …), `widemul` | the operators `a + b`, `a - b`, `-a`, `a * b`, `a / b`; as functions [`add`](crate::add), [`sub`](crate::sub), [`neg`](crate::neg), [`mul`](crate::mul), [`div`](crate::div) |
//! | `*` (matrix product) | [`linalg::matmul`](crate::linalg::matmul) (`a.matmul(&b)`) |
//! | `\` (`A \ B`) | [`linalg::solve`](crate::linalg::solve) (`solve(&a, &b)`) |
//! | `^` (element-wise) | [`math::pow`](crate::math::pow), [`math::pow_int`](crate::math::pow_int) (`x.powi(n)`) |
//! | `^` (a matrix to an integer or real power) | [`matrix_power`](fn@crate::matrix_power), [`matrix_powf`](fn@crate::matrix_powf) |
//! | `<`, `<=`, `>`, `>=`, `==`, `!=`, `!==` | [`compare::lt`](crate::compare::lt), [`compare::le`](crate::compare::le), [`compare::gt`](crate::compare::gt), [`compare::ge`](crate::compare::ge), [`compare::eq`](crate::compare::eq), [`compare::ne`](crate::compare::ne) (no gradient) |
//! | `abs`, `abs2`, `sign`, `sqrt`, `cbrt`, `hypot`, `clamp` | [`math::abs`](crate::math::abs), [`math::abs2`](crate::math::abs2), [`math::sign`](crate::math::sign), [`math::sqrt`](crate::math::sqrt), [`math::cbrt`](crate::math::cbrt), [`math::hypot`](crate::math::hypot), [`math::clamp`](crate::math::clamp) |
//! | `max`, `min` (of two arguments) | [`math::maximum`](crate::math::maximum), [`math::minimum`](crate::math::minimum) |
//! | `maximum`, `minimum` (of an array, or with `dims`) | [`reduce::max`](crate::reduce::max), [`reduce::min`](crate::reduce::min), [`reduce::max_axes`](crate::reduce::max_axes), [`reduce::min_axes`](crate::reduce::min_axes); `maximum(abs, x)` is `max(&abs(&x))` |
//! | `argmax`, `argmin` | [`reduce::argmax`](crate::reduce::argmax), [`reduce::argmin`](crate::reduce::argmin), [`reduce::argmax_axis`](crate::reduce::argmax_axis), [`reduce::argmin_axis`](crate::reduce::argmin_axis) |
//! | `sum`, `sum(abs, x)`, `sum(abs2, x)` | [`reduce::sum`](crate::reduce::sum), [`reduce::sum_axes`](crate::reduce::sum_axes); `sum(&abs2(&x))` |
//! | `prod` | [`reduce::prod`](crate::reduce::prod), [`reduce::prod_axes`](crate::reduce::prod_axes) |
//! | `mean` (Statistics) | [`reduce::mean`](crate::reduce::mean), [`reduce::mean_axes`](crate::reduce::mean_axes) |
//! | `var`, `std` (Statistics; `corrected`) | [`reduce::var`](crate::reduce::var), [`reduce::var_axes`](crate::reduce::var_axes), [`reduce::std_dev`](crate::reduce::std_dev), [`reduce::std_dev_axes`](crate::reduce::std_dev_axes) |
//! | `varm`, `stdm` (about a given mean `m`) | `mean(&abs2(&(x - m)))` and its `sqrt` (scaled by n/(n−1) when corrected) |
//! | `ceil`, `floor`, `round`, `trunc`, `unsafe_trunc`, `div` | [`compare::ceil`](crate::compare::ceil), [`compare::floor`](crate::compare::floor), [`compare::round`](crate::compare::round), [`compare::trunc`](crate::compare::trunc) (no gradient); `div(a, b)` is `trunc(&(a / b))` |
//! | `rem`, `mod2pi`, `rem2pi(x, RoundNearest)` | [`math::rem`](crate::math::rem), [`math::modulo`](crate::math::modulo), [`math::mod2pi`](crate::math::mod2pi), [`math::rem2pi`](crate::math::rem2pi) |
//! | `exponent`, `significand`, `ldexp` | [`math::exponent`](crate::math::exponent), [`math::significand`](crate::math::significand), [`math::ldexp`](crate::math::ldexp) |
//! | `isnan`, `isinf`, `isfinite` | [`compare::isnan`](crate::compare::isnan), [`compare::isinf`](crate::compare::isinf), [`compare::isfinite`](crate::compare::isfinite) (masks, no gradient) |
//! | `exp`, `exp2`, `exp10`, `expm1` | [`math::exp`](crate::math::exp), [`math::exp2`](crate::math::exp2), [`math::exp10`](crate::math::exp10), [`math::expm1`](crate::math::expm1) |
//! | `log`, `log2`, `log10`, `log1p` | [`math::log`](crate::math::log), [`math::log2`](crate::math::log2), [`math::log10`](crate::math::log10), [`math::log1p`](crate::math::log1p) |
//! | `log(b, x)` | [`math::log_base`](crate::math::log_base) — note the order: `log_base(&x, &b)` |
//! | `sin`, `cos`, `tan`, `cot`, `sec`, `csc` | [`math::sin`](crate::math::sin), [`math::cos`](crate::math::cos), [`math::tan`](crate::math::tan), [`math::cot`](crate::math::cot), [`math::sec`](crate::math::sec), [`math::csc`](crate::math::csc) |
//! | `sind`, `cosd`, `tand`, `cotd`, `secd`, `cscd` | [`math::sind`](crate::math::sind), [`math::cosd`](crate::math::cosd), [`math::tand`](crate::math::tand), [`math::cotd`](crate::math::cotd), [`math::secd`](crate::math::secd), [`math::cscd`](crate::math::cscd) |
//! | `sinpi`, `cospi`, `sinc`, `cosc` | [`math::sinpi`](crate::math::sinpi), [`math::cospi`](crate::math::cospi), [`math::sinc`](crate::math::sinc), [`math::cosc`](crate::math::cosc) |
//! | `deg2rad`, `rad2deg` | [`math::deg2rad`](crate::math::deg2rad), [`math::rad2deg`](crate::math::rad2deg) |
//! | `asin`, `acos`, `atan`, `acot`, `asec`, `acsc` | [`math::asin`](crate::math::asin), [`math::acos`](crate::math::acos), [`math::atan`](crate::math::atan), [`math::acot`](crate::math::acot), [`math::asec`](crate::math::asec), [`math::acsc`](crate::math::acsc) |
//! | `atan(y, x)` | [`math::atan2`](crate::math::atan2) |
//! | `asind`, `acosd`, `atand`, `acotd`, `asecd`, `acscd` | [`math::asind`](crate::math::asind), [`math::acosd`](crate::math::acosd), [`math::atand`](crate::math::atand), [`math::acotd`](crate::math::acotd), [`math::asecd`](crate::math::asecd), [`math::acscd`](crate::math::acscd) |
//! | `sinh`, `cosh`, `tanh`, `coth`, `sech`, `csch` | [`math::sinh`](crate::math::sinh), [`math::cosh`](crate::math::cosh), [`math::tanh`](crate::math::tanh), [`math::coth`](crate::math::coth), [`math::sech`](crate::math::sech), [`math::csch`](crate::math::csch) |
//! | `asinh`, `acosh`, `atanh`, `acoth`, `asech`, `acsch` | [`math::asinh`](crate::math::asinh), [`math::acosh`](crate::math::acosh), [`math::atanh`](crate::math::atanh), [`math::acoth`](crate::math::acoth), [`math::asech`](crate::math::asech), [`math::acsch`](crate::math::acsch) |
//! | `erf`, `erfc`, `erfinv`, `erfcinv`, `erfcx`, `erfi`, `dawson` | [`special::erf`](crate::special::erf), [`special::erfc`](crate::special::erfc), [`special::erfinv`](crate::special::erfinv), [`special::erfcinv`](crate::special::erfcinv), [`special::erfcx`](crate::special::erfcx), [`special::erfi`](crate::special::erfi), [`special::dawson`](crate::special::dawson) |
//! | `gamma`, `lgamma`, `loggamma` | [`special::gamma`](crate::special::gamma), [`special::lgamma`](crate::special::lgamma) (for real `x`, Julia's `loggamma` is `lgamma`, NaN where Γ < 0) |
//! | `digamma`, `invdigamma`, `trigamma`, `polygamma(k, x)` | [`special::digamma`](crate::special::digamma), [`special::invdigamma`](crate::special::invdigamma), [`special::trigamma`](crate::special::trigamma), [`special::polygamma`](crate::special::polygamma) (`polygamma(k, &x)`) |
//! | `besselj0`, `besselj1`, `besselj(n, x)` | [`special::besselj0`](crate::special::besselj0), [`special::besselj1`](crate::special::besselj1), [`special::besselj`](crate::special::besselj) (integer `n`) |
//! | `bessely0`, `bessely1`, `bessely(n, x)` | [`special::bessely0`](crate::special::bessely0), [`special::bessely1`](crate::special::bessely1), [`special::bessely`](crate::special::bessely) (integer `n`) |
//! | `besseli(n, x)`, `besselk(n, x)` | [`special::besseli`](crate::special::besseli), [`special::besselk`](crate::special::besselk) (integer `n`) |
//! | `besselh(n, k, x)`, `hankelh1(n, x)`, `hankelh2(n, x)` | [`special::besselh`](crate::special::besselh), [`special::hankelh1`](crate::special::hankelh1), [`special::hankelh2`](crate::special::hankelh2) (integer `n`; a pair (real part, imaginary part)) |
//! | `airyai`, `airyaiprime`, `airybi`, `airybiprime` | [`special::airyai`](crate::special::airyai), [`special::airyaiprime`](crate::special::airyaiprime), [`special::airybi`](crate::special::airybi), [`special::airybiprime`](crate::special::airybiprime) |
//! | `transpose`, `adjoint`, `permutedims` | [`shape::transpose`](crate::shape::transpose), [`linalg::permute_axes`](crate::linalg::permute_axes) (real numbers: `adjoint` is `transpose`) |
//! | `reshape`, `vec` | [`shape::reshape`](crate::shape::reshape), [`shape::flatten`](crate::shape::flatten) |
//! | `getindex` (`x[i]`, `x[:, j]`, `x[mask]`), `view` | [`index::select`](crate::index::select), [`index::slice`](crate::index::slice), [`index::index_select`](crate::index::index_select), [`index::gather`](crate::index::gather), [`index::masked_select`](crate::index::masked_select) |
//! | `cat(xs...; dims)`, `vcat`, `hcat` | [`cat::concatenate`](crate::cat::concatenate), [`cat::cat2`](crate::cat::cat2), [`cat::stack`](crate::cat::stack) (`vcat` is axis 0, `hcat` axis 1) |
//! | `cat1d(xs...)` | [`cat::cat1d`](crate::cat::cat1d) |
//! | `diag(A)`, `diag(A, k)` | [`linalg::diag`](crate::linalg::diag), [`cat::diag_offset`](crate::cat::diag_offset) |
//! | `diagm(0 => v)`, `diagm(k => v)` | [`linalg::diagm`](crate::linalg::diagm), [`cat::diagm_offset`](crate::cat::diagm_offset) |
//! | `dot`, `kron`, `tr` | [`linalg::dot`](crate::linalg::dot), [`linalg::kron`](crate::linalg::kron), [`linalg::trace`](crate::linalg::trace) |
//! | `tril`, `triu` | [`linalg::tril`](crate::linalg::tril), [`linalg::triu`](crate::linalg::triu) |
//! | `det`, `logdet`, `logabsdet`, `inv` | [`linalg::det`](crate::linalg::det), [`linalg::logdet`](crate::linalg::logdet), [`linalg::logabsdet`](crate::linalg::logabsdet), [`linalg::inv`](crate::linalg::inv) |
//! | `norm(x)`, `norm(x, p)` | [`reduce::norm`](crate::reduce::norm), [`reduce::norm_axes`](crate::reduce::norm_axes) (`norm(&x, p)`) |
//! | `chol` (`cholesky`) | [`linalg::cholesky`](crate::linalg::cholesky) |
//! | `qr` | [`linalg::qr`](crate::linalg::qr) (Q and R from one decomposition), [`linalg::qr_q`](crate::linalg::qr_q), [`linalg::qr_r`](crate::linalg::qr_r) |
//! | `lq`, `svd` | [`linalg::lq`](crate::linalg::lq), [`linalg::svd`](crate::linalg::svd) (U, S, V) |
//! | `big`, `float` | `x.to_dtype(DType::F64)` (the gradient is cast back) |
//! | `copy`, `identity` | `x.clone()` (a `Tensor` is a shared handle; no tape node needed) |
//! | `size`, `ndims`, `length`, `axes`, `eachindex`, `lastindex`, `stride`, `strides`, `sizeof`, `eltype`, `isempty`, `checkbounds`, `isassigned` | `x.shape()`, `x.ndim()`, `x.len()`, `x.dtype()` … (queries, never on the tape) |
//! | `zero`, `one`, `zeros`, `ones`, `eye`, `similar`, `oftype`, `eps`, `typemax`, `typemin` | `Tensor::zeros`, `Tensor::ones`, `x.zeros_like()`, `x.ones_like()`, `f64::EPSILON` … (constants, never on the tape) |
//! | `all`, `any`, `count`, `isapprox`, `isequal`, `isless`, `isinteger`, `signbit` | plain Rust on `x.to_vec::<f64>()` (no gradient: AutoGrad.jl's `@zerograd`) |
//!
//! The matrix functions (`det`, `logdet`, `logabsdet`, `slogdet`, `inv`, `solve`,
//! `solve_triangular`, `cholesky`, `qr`, `lq`, `svd`, `eigh`, `matrix_power`) also take a stack
//! of matrices, shape `[..., m, n]` with the batch axes first as in NumPy and PyTorch, where
//! Julia would map over `eachslice(A; dims=3)`: one call and one tape node for the stack, each
//! matrix differentiated on its own.
//!
//! Primitives here with no AutoGrad.jl counterpart:
//!
//! | family | primitives |
//! | --- | --- |
//! | arithmetic and broadcasting | [`broadcast_to`](crate::broadcast_to), [`sum_to`](crate::sum_to) the primitives under implicit broadcasting |
//! | element-wise | [`math::log_base`](crate::math::log_base), [`compare::round_ties_even`](crate::compare::round_ties_even), [`math::sinc_derivative`](crate::math::sinc_derivative), [`special::beta`](crate::special::beta), [`special::lbeta`](crate::special::lbeta) |
//! | reductions | [`reduce::logsumexp`](crate::reduce::logsumexp), [`reduce::logsumexp_axes`](crate::reduce::logsumexp_axes), [`reduce::cumsum`](crate::reduce::cumsum), [`reduce::cumprod`](crate::reduce::cumprod) |
//! | shapes and indexing | [`shape::flip`](crate::shape::flip), [`shape::tile`](crate::shape::tile), [`index::index_add`](crate::index::index_add), [`index::scatter_add`](crate::index::scatter_add), [`index::masked_scatter`](crate::index::masked_scatter), [`index::slice_add`](crate::index::slice_add) |
//! | linear algebra | [`linalg::matmul_transposed`](crate::linalg::matmul_transposed), [`linalg::outer`](crate::linalg::outer), [`linalg::solve_triangular`](crate::linalg::solve_triangular), [`linalg::eigh`](crate::linalg::eigh), [`linalg::eigh_values`](crate::linalg::eigh_values), [`linalg::eigh_vectors`](crate::linalg::eigh_vectors), [`linalg::slogdet`](crate::linalg::slogdet) |
//! | neural networks | [`nn::relu`](crate::nn::relu), [`nn::leaky_relu`](crate::nn::leaky_relu), [`nn::sigmoid`](crate::nn::sigmoid), [`nn::softplus`](crate::nn::softplus), [`nn::elu`](crate::nn::elu), [`nn::gelu`](crate::nn::gelu), [`nn::softmax`](crate::nn::softmax), [`nn::log_softmax`](crate::nn::log_softmax), [`nn::nll_loss`](crate::nn::nll_loss), [`nn::mse`](crate::nn::mse), [`nn::binary_cross_entropy`](crate::nn::binary_cross_entropy), [`nn::binary_cross_entropy_with_logits`](crate::nn::binary_cross_entropy_with_logits), [`nn::dropout_mask`](crate::nn::dropout_mask) (Knet's, not AutoGrad.jl's) |
//! | convolution and pooling | [`conv::conv2d`](crate::conv::conv2d), [`conv::conv2d_input_grad`](crate::conv::conv2d_input_grad), [`conv::conv2d_weight_grad`](crate::conv::conv2d_weight_grad), [`conv::max_pool2d`](crate::conv::max_pool2d), [`conv::avg_pool2d`](crate::conv::avg_pool2d) (Knet's `conv4`, `pool`) |
//!
//! Registered as primitives so that their gradients are checked too, but reached through
//! other functions (the gradients and building blocks of the ones above): `to_dtype`, `comparison_mask`, `embed_diagonal`, `embed_diagonal_offset`, `cofactors`, `inverse_for`, `solve_transposed`, `move_leading_axes`, `avg_pool2d_spread`, `max_pool2d_gather`, `max_pool2d_scatter`, `is_zero`, `linear_scan`, `reverse_cumsum`, `shift_along`, `tie_weights`, `products_of_others`, `softmax_gradient`, `log_softmax_gradient`.
//!
//! ```
//! #![allow(unused_imports)]
//! use autograd::add;
//! use autograd::broadcast_to;
//! use autograd::cat::cat1d;
//! use autograd::cat::cat2;
//! use autograd::cat::concatenate;
//! use autograd::cat::diag_offset;
//! use autograd::cat::diagm_offset;
//! use autograd::cat::stack;
//! use autograd::compare::ceil;
//! use autograd::compare::eq;
//! use autograd::compare::floor;
//! use autograd::compare::ge;
//! use autograd::compare::gt;
//! use autograd::compare::isfinite;
//! use autograd::compare::isinf;
//! use autograd::compare::isnan;
//! use autograd::compare::le;
//! use autograd::compare::lt;
//! use autograd::compare::ne;
//! use autograd::compare::round;
//! use autograd::compare::round_ties_even;
//! use autograd::compare::trunc;
//! use autograd::conv::avg_pool2d;
//! use autograd::conv::conv2d;
//! use autograd::conv::conv2d_input_grad;
//! use autograd::conv::conv2d_weight_grad;
//! use autograd::conv::max_pool2d;
//! use autograd::div;
//! use autograd::index::gather;
//! use autograd::index::index_add;
//! use autograd::index::index_select;
//! use autograd::index::masked_scatter;
//! use autograd::index::masked_select;
//! use autograd::index::scatter_add;
//! use autograd::index::select;
//! use autograd::index::slice;
//! use autograd::index::slice_add;
//! use autograd::linalg::cholesky;
//! use autograd::linalg::det;
//! use autograd::linalg::diag;
//! use autograd::linalg::diagm;
//! use autograd::linalg::dot;
//! use autograd::linalg::eigh;
//! use autograd::linalg::eigh_values;
//! use autograd::linalg::eigh_vectors;
//! use autograd::linalg::inv;
//! use autograd::linalg::kron;
//! use autograd::linalg::logabsdet;
//! use autograd::linalg::logdet;
//! use autograd::linalg::lq;
//! use autograd::linalg::matmul;
//! use autograd::linalg::matmul_transposed;
//! use autograd::linalg::outer;
//! use autograd::linalg::permute_axes;
//! use autograd::linalg::qr;
//! use autograd::linalg::qr_q;
//! use autograd::linalg::qr_r;
//! use autograd::linalg::slogdet;
//! use autograd::linalg::solve;
//! use autograd::linalg::solve_triangular;
//! use autograd::linalg::svd;
//! use autograd::linalg::trace;
//! use autograd::linalg::tril;
//! use autograd::linalg::triu;
//! use autograd::math::abs;
//! use autograd::math::abs2;
//! use autograd::math::acos;
//! use autograd::math::acosd;
//! use autograd::math::acosh;
//! use autograd::math::acot;
//! use autograd::math::acotd;
//! use autograd::math::acoth;
//! use autograd::math::acsc;
//! use autograd::math::acscd;
//! use autograd::math::acsch;
//! use autograd::math::asec;
//! use autograd::math::asecd;
//! use autograd::math::asech;
//! use autograd::math::asin;
//! use autograd::math::asind;
//! use autograd::math::asinh;
//! use autograd::math::atan;
//! use autograd::math::atan2;
//! use autograd::math::atand;
//! use autograd::math::atanh;
//! use autograd::math::cbrt;
//! use autograd::math::clamp;
//! use autograd::math::cos;
//! use autograd::math::cosc;
//! use autograd::math::cosd;
//! use autograd::math::cosh;
//! use autograd::math::cospi;
//! use autograd::math::cot;
//! use autograd::math::cotd;
//! use autograd::math::coth;
//! use autograd::math::csc;
//! use autograd::math::cscd;
//! use autograd::math::csch;
//! use autograd::math::deg2rad;
//! use autograd::math::exp;
//! use autograd::math::exp10;
//! use autograd::math::exp2;
//! use autograd::math::expm1;
//! use autograd::math::exponent;
//! use autograd::math::hypot;
//! use autograd::math::ldexp;
//! use autograd::math::log;
//! use autograd::math::log10;
//! use autograd::math::log1p;
//! use autograd::math::log2;
//! use autograd::math::log_base;
//! use autograd::math::maximum;
//! use autograd::math::minimum;
//! use autograd::math::mod2pi;
//! use autograd::math::modulo;
//! use autograd::math::pow;
//! use autograd::math::pow_int;
//! use autograd::math::rad2deg;
//! use autograd::math::rem;
//! use autograd::math::rem2pi;
//! use autograd::math::sec;
//! use autograd::math::secd;
//! use autograd::math::sech;
//! use autograd::math::sign;
//! use autograd::math::significand;
//! use autograd::math::sin;
//! use autograd::math::sinc;
//! use autograd::math::sinc_derivative;
//! use autograd::math::sind;
//! use autograd::math::sinh;
//! use autograd::math::sinpi;
//! use autograd::math::sqrt;
//! use autograd::math::tan;
//! use autograd::math::tand;
//! use autograd::math::tanh;
//! use autograd::matrix_power;
//! use autograd::matrix_powf;
//! use autograd::mul;
//! use autograd::neg;
//! use autograd::nn::binary_cross_entropy;
//! use autograd::nn::binary_cross_entropy_with_logits;
//! use autograd::nn::dropout_mask;
//! use autograd::nn::elu;
//! use autograd::nn::gelu;
//! use autograd::nn::leaky_relu;
//! use autograd::nn::log_softmax;
//! use autograd::nn::mse;
//! use autograd::nn::nll_loss;
//! use autograd::nn::relu;
//! use autograd::nn::sigmoid;
//! use autograd::nn::softmax;
//! use autograd::nn::softplus;
//! use autograd::reduce::argmax;
//! use autograd::reduce::argmax_axis;
//! use autograd::reduce::argmin;
//! use autograd::reduce::argmin_axis;
//! use autograd::reduce::cumprod;
//! use autograd::reduce::cumsum;
//! use autograd::reduce::logsumexp;
//! use autograd::reduce::logsumexp_axes;
//! use autograd::reduce::max;
//! use autograd::reduce::max_axes;
//! use autograd::reduce::mean;
//! use autograd::reduce::mean_axes;
//! use autograd::reduce::min;
//! use autograd::reduce::min_axes;
//! use autograd::reduce::norm;
//! use autograd::reduce::norm_axes;
//! use autograd::reduce::prod;
//! use autograd::reduce::prod_axes;
//! use autograd::reduce::std_dev;
//! use autograd::reduce::std_dev_axes;
//! use autograd::reduce::sum;
//! use autograd::reduce::sum_axes;
//! use autograd::reduce::var;
//! use autograd::reduce::var_axes;
//! use autograd::shape::flatten;
//! use autograd::shape::flip;
//! use autograd::shape::reshape;
//! use autograd::shape::tile;
//! use autograd::shape::transpose;
//! use autograd::special::airyai;
//! use autograd::special::airyaiprime;
//! use autograd::special::airybi;
//! use autograd::special::airybiprime;
//! use autograd::special::besselh;
//! use autograd::special::besseli;
//! use autograd::special::besselj;
//! use autograd::special::besselj0;
//! use autograd::special::besselj1;
//! use autograd::special::besselk;
//! use autograd::special::bessely;
//! use autograd::special::bessely0;
//! use autograd::special::bessely1;
//! use autograd::special::beta;
//! use autograd::special::dawson;
//! use autograd::special::digamma;
//! use autograd::special::erf;
//! use autograd::special::erfc;
//! use autograd::special::erfcinv;
//! use autograd::special::erfcx;
//! use autograd::special::erfi;
//! use autograd::special::erfinv;
//! use autograd::special::gamma;
//! use autograd::special::hankelh1;
//! use autograd::special::hankelh2;
//! use autograd::special::invdigamma;
//! use autograd::special::lbeta;
//! use autograd::special::lgamma;
//! use autograd::special::polygamma;
//! use autograd::special::trigamma;
//! use autograd::sub;
//! use autograd::sum_to;
//! ```
//!
//! Knet's training kit maps onto [`optim`](crate::optim), [`init`](crate::init),
//! [`data`](crate::data), [`progress`](crate::progress) and [`checkpoint`](crate::checkpoint):
//!
//! | Knet | autograd for Rust |
//! | --- | --- |
//! | `sgd`, `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adadelta`, `adam` | `optim::Sgd::new(lr)` (`.momentum(m)`, `.nesterov(true)`), `Adagrad`, `Rmsprop`, `Adadelta`, `Adam`; also `AdamW` |
//! | `adam(model, data)` / `update!(w, g, Adam())` | a loop over the data: `opt.step(diff(\|\| loss(..)), &params(&model))` |
//! | `Adam(gclip=5)` | `Adam::new(lr).with_clip_norm(5.0)` (global norm over all parameters) |
//! | `param(dims...; init=xavier)`, `xavier`, `gaussian` | `Param::new(init::xavier_uniform(&dims, DType::F32, &mut rng))`, `init::gaussian(.., 0.01, ..)` |
//! | `minibatch(x, y, 32; shuffle=true)` | `data::Minibatches::new(&x, &y, 32).shuffle(seed)`; the last, partial batch is kept unless `.drop_last()` (Knet drops it by default) |
//! | `accuracy(model, data)` | `data::accuracy(&model.forward(&x), &labels)` |
//! | `progress(...)`, `progress!(...)` | `progress::Progress::new(steps)`, `.step(loss)` |
//! | `Knet.save("m.jld2", "model", model)`, `Knet.load` | `checkpoint::save("m.safetensors", &model)`, `checkpoint::load` (safetensors, which PyTorch reads too) |
//!
//! Differences worth knowing:
//!
//! - Broadcasting is implicit, as in NumPy: `a + b` broadcasts; there is no dot syntax.
//!   A gradient always has its argument's shape.
//! - Element-wise primitives are written over one `f64`; the macro makes the broadcasting
//!   tensor function, and compiles the gradient rule for f32, f64 and tensors.
//! - `Param` is a shared handle: updating it (`axpy`, `set`, `update`) is copy-on-write, so
//!   an old tape keeps the value it saw.
//! - Where AutoGrad.jl double-counts ties in `max`/`min`, or divides by `x` in `prod`, this
//!   crate splits ties and is exact at zeros.
//!
//! ```
//! use autograd::prelude::*;
//! use ndarray::array;
//!
//! let x = Param::new(array![1.0, 2.0, 3.0]);
//! let y = diff(|| sum(&abs2(&x)));
//! assert_eq!(format!("{y}"), "T(14.0)");
//! assert_eq!(grad(&y, &x).unwrap().to_vec::<f64>(), [2.0, 4.0, 6.0]);
//! ```
