//! Convolution and pooling over batches of images in NCHW layout (`[batch, channels, height,
//! width]`), with OIHW convolution weights (`[out channels, in channels, kernel height, kernel
//! width]`). Stride, padding (zeros) and dilation are `[rows, columns]`.
//!
//! Every gradient is itself a primitive, so second derivatives work. Convolution is bilinear:
//! its gradients [`conv2d_input_grad`] (the transposed convolution) and [`conv2d_weight_grad`]
//! have as gradients `conv2d` and each other. Max pooling routes gradients to the position of
//! each window's maximum, average pooling spreads them evenly over the window; both pairs of
//! routing primitives are each other's gradients.

use autograd_core::{Element, Error};
use autograd_macros::primitive;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayD, ArrayView2, IxDyn};

/// The geometry of a 2-d sliding window over `[batch, channels, height, width]`.
#[derive(Clone, Copy, Debug)]
struct Window {
    batch: usize,
    channels: usize,
    input: [usize; 2],
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    output: [usize; 2],
}

impl Window {
    /// The window over an input of `shape`, checked.
    ///
    /// # Panics
    /// If `shape` is not 4-d, a stride, dilation or kernel size is 0, or the (dilated) kernel
    /// does not fit the padded input; the message names the operation and the shapes.
    fn new(
        op: &'static str,
        shape: &[usize],
        kernel: [usize; 2],
        stride: [usize; 2],
        padding: [usize; 2],
        dilation: [usize; 2],
    ) -> Window {
        let fail = |message: String| -> ! { Error::invalid(op, message).raise() };
        let &[batch, channels, h, w] = shape else {
            fail(format!("expected a 4-d [batch, channels, height, width] input, found {shape:?}"))
        };
        let mut output = [0; 2];
        for axis in 0..2 {
            if kernel[axis] == 0 || stride[axis] == 0 || dilation[axis] == 0 {
                fail(format!(
                    "kernel {kernel:?}, stride {stride:?} and dilation {dilation:?} must be \
                     positive"
                ));
            }
            let span = dilation[axis] * (kernel[axis] - 1) + 1;
            let padded = [h, w][axis] + 2 * padding[axis];
            if padded < span {
                fail(format!(
                    "kernel {kernel:?} with dilation {dilation:?} does not fit input {shape:?} \
                     with padding {padding:?}"
                ));
            }
            output[axis] = (padded - span) / stride[axis] + 1;
        }
        Window { batch, channels, input: [h, w], kernel, stride, padding, dilation, output }
    }

    /// A pooling window: no dilation, and padding at most half the kernel (so that every
    /// window holds at least one input element).
    fn pool(
        op: &'static str,
        shape: &[usize],
        kernel: [usize; 2],
        stride: [usize; 2],
        padding: [usize; 2],
    ) -> Window {
        if shape.len() == 4 && shape[2..].contains(&0) {
            Error::invalid(op, format!("cannot pool an empty input {shape:?}")).raise();
        }
        if (0..2).any(|a| 2 * padding[a] > kernel[a]) {
            Error::invalid(
                op,
                format!("padding {padding:?} is more than half the kernel {kernel:?}"),
            )
            .raise();
        }
        Window::new(op, shape, kernel, stride, padding, [1, 1])
    }

    /// The input row (`axis` 0) or column (1) read by output index `o` at kernel tap `k`, or
    /// `None` where that falls in the padding.
    fn source(&self, axis: usize, o: usize, k: usize) -> Option<usize> {
        let padded = o * self.stride[axis] + k * self.dilation[axis];
        let pos = padded.checked_sub(self.padding[axis])?;
        (pos < self.input[axis]).then_some(pos)
    }

    fn input_shape(&self) -> [usize; 4] {
        [self.batch, self.channels, self.input[0], self.input[1]]
    }

    fn output_shape(&self, channels: usize) -> [usize; 4] {
        [self.batch, channels, self.output[0], self.output[1]]
    }

    /// Elements of one input plane / one output plane.
    fn plane_lens(&self) -> (usize, usize) {
        (self.input[0] * self.input[1], self.output[0] * self.output[1])
    }

    /// For each output position (row-major over the output plane) and each kernel tap of
    /// one plane, the flat index into the input plane, calling `f(out_index, in_index, tap)`.
    fn for_each_tap(&self, mut f: impl FnMut(usize, usize, usize)) {
        let ([kh, kw], [oh, ow], w) = (self.kernel, self.output, self.input[1]);
        for i in 0..oh {
            for j in 0..ow {
                for ki in 0..kh {
                    let Some(r) = self.source(0, i, ki) else { continue };
                    for kj in 0..kw {
                        if let Some(c) = self.source(1, j, kj) {
                            f(i * ow + j, r * w + c, ki * kw + kj);
                        }
                    }
                }
            }
        }
    }
}

/// The panic for a gradient argument whose shape does not match the geometry.
fn check_shape(op: &'static str, name: &str, found: &[usize], expected: &[usize]) {
    if found != expected {
        Error::invalid(op, format!("{name} has shape {found:?}, expected {expected:?}")).raise();
    }
}

/// The convolution window of input `x_shape` and weights `w_shape`, checked.
fn conv_window(
    op: &'static str,
    x_shape: &[usize],
    w_shape: &[usize],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
) -> Window {
    let &[_, in_channels, kh, kw] = w_shape else {
        Error::invalid(
            op,
            format!("expected 4-d [out, in, height, width] weights, found {w_shape:?}"),
        )
        .raise();
    };
    let window = Window::new(op, x_shape, [kh, kw], stride, padding, dilation);
    if window.channels != in_channels {
        Error::invalid(
            op,
            format!(
                "input {x_shape:?} has {} channels but weights {w_shape:?} expect {in_channels}",
                window.channels
            ),
        )
        .raise();
    }
    window
}

/// One image `[channels, height, width]` unrolled to `[channels · kh · kw, oh · ow]`: column
/// `p` holds the receptive field of output position `p` (zeros in the padding).
fn im2col<E: Element>(image: &[E], g: &Window) -> Array2<E> {
    let (in_len, out_len) = g.plane_lens();
    let taps = g.kernel[0] * g.kernel[1];
    let mut cols = Array2::zeros((g.channels * taps, out_len));
    let data = cols.as_slice_mut().expect("fresh array");
    for c in 0..g.channels {
        let plane = &image[c * in_len..(c + 1) * in_len];
        let block = &mut data[c * taps * out_len..(c + 1) * taps * out_len];
        g.for_each_tap(|o, i, tap| block[tap * out_len + o] = plane[i]);
    }
    cols
}

/// The reverse of [`im2col`]: adds each column entry back onto the image position it came from.
fn col2im<E: Element>(cols: &Array2<E>, g: &Window, image: &mut [E]) {
    let (in_len, out_len) = g.plane_lens();
    let taps = g.kernel[0] * g.kernel[1];
    let cols = cols.as_standard_layout();
    let data = cols.as_slice().expect("standard layout");
    for c in 0..g.channels {
        let plane = &mut image[c * in_len..(c + 1) * in_len];
        let block = &data[c * taps * out_len..(c + 1) * taps * out_len];
        g.for_each_tap(|o, i, tap| plane[i] += block[tap * out_len + o]);
    }
}

/// The weights as a `[out, in · kh · kw]` matrix.
fn weight_matrix<E: Element>(w: &ArrayD<E>) -> Array2<E> {
    let rows = w.shape()[0];
    let cols = w.len() / rows.max(1);
    w.as_standard_layout().into_owned().into_shape_with_order((rows, cols)).expect("4-d weights")
}

fn conv_forward<E: Element>(x: &ArrayD<E>, w: &ArrayD<E>, g: &Window) -> ArrayD<E> {
    let out_channels = w.shape()[0];
    let (in_len, out_len) = g.plane_lens();
    let (x, wm) = (x.as_standard_layout(), weight_matrix(w));
    let xs = x.as_slice().expect("standard layout");
    let mut out = Vec::with_capacity(g.batch * out_channels * out_len);
    for n in 0..g.batch {
        let image = &xs[n * g.channels * in_len..(n + 1) * g.channels * in_len];
        out.extend(wm.dot(&im2col(image, g)).iter().copied());
    }
    ArrayD::from_shape_vec(IxDyn(&g.output_shape(out_channels)), out).expect("output shape")
}

fn conv_input_grad<E: Element>(dy: &ArrayD<E>, w: &ArrayD<E>, g: &Window) -> ArrayD<E> {
    let out_channels = w.shape()[0];
    let (in_len, out_len) = g.plane_lens();
    let (dy, wm) = (dy.as_standard_layout(), weight_matrix(w));
    let dys = dy.as_slice().expect("standard layout");
    let image_len = g.channels * in_len;
    let mut dx = vec![E::zero(); g.batch * image_len];
    for n in 0..g.batch {
        let block = &dys[n * out_channels * out_len..(n + 1) * out_channels * out_len];
        let dy_n = ArrayView2::from_shape((out_channels, out_len), block).expect("block shape");
        col2im(&wm.t().dot(&dy_n), g, &mut dx[n * image_len..(n + 1) * image_len]);
    }
    ArrayD::from_shape_vec(IxDyn(&g.input_shape()), dx).expect("input shape")
}

fn conv_weight_grad<E: Element>(x: &ArrayD<E>, dy: &ArrayD<E>, g: &Window) -> ArrayD<E> {
    let out_channels = dy.shape()[1];
    let (in_len, out_len) = g.plane_lens();
    let (x, dy) = (x.as_standard_layout(), dy.as_standard_layout());
    let (xs, dys) = (x.as_slice().expect("standard"), dy.as_slice().expect("standard"));
    let image_len = g.channels * in_len;
    let taps = g.channels * g.kernel[0] * g.kernel[1];
    let mut dw = Array2::zeros((out_channels, taps));
    for n in 0..g.batch {
        let cols = im2col(&xs[n * image_len..(n + 1) * image_len], g);
        let block = &dys[n * out_channels * out_len..(n + 1) * out_channels * out_len];
        let dy_n = ArrayView2::from_shape((out_channels, out_len), block).expect("block shape");
        general_mat_mul(E::one(), &dy_n, &cols.t(), E::one(), &mut dw);
    }
    let shape = [out_channels, g.channels, g.kernel[0], g.kernel[1]];
    dw.into_shape_with_order(IxDyn(&shape)).expect("weight shape")
}

/// The 2-d convolution (strictly, cross-correlation, as in every deep learning library) of
/// images `x: [N, C, H, W]` with weights `w: [O, C, KH, KW]`, giving `[N, O, OH, OW]` with
/// `OH = (H + 2·padding - dilation·(KH - 1) - 1) / stride + 1` (likewise `OW`). Add a bias by
/// broadcasting, e.g. with `b` reshaped to `[1, O, 1, 1]`.
///
/// # Panics
/// If the shapes are not 4-d, the channels differ, a stride or dilation is 0, or the kernel
/// does not fit the padded input.
#[primitive(
    dy => conv2d_input_grad(dy, w, [x.shape()[2], x.shape()[3]], stride, padding, dilation),
    dy => conv2d_weight_grad(x, dy, [w.shape()[2], w.shape()[3]], stride, padding, dilation),
    check(x = [2, 2, 5, 6], w = [3, 2, 2, 3], stride = [2, 1], padding = [1, 0], dilation = [1, 2])
)]
pub fn conv2d(
    x: &Array,
    w: &Array,
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
) -> Array {
    let g = conv_window("conv2d", x.shape(), w.shape(), stride, padding, dilation);
    conv_forward(x, w, &g)
}

/// The gradient of [`conv2d`] with respect to its input: `dy: [N, O, OH, OW]` carried back
/// through weights `w: [O, C, KH, KW]` onto images of height and width `input_hw`, giving
/// `[N, C, H, W]`. This is the transposed convolution ("deconvolution").
///
/// # Panics
/// If the shapes do not fit the convolution geometry.
#[primitive(
    g => conv2d(g, w, stride, padding, dilation),
    g => conv2d_weight_grad(g, dy, [w.shape()[2], w.shape()[3]], stride, padding, dilation),
    check(
        dy = [2, 3, 3, 2],
        w = [3, 2, 2, 3],
        input_hw = [5, 6],
        stride = [2, 1],
        padding = [1, 0],
        dilation = [1, 2]
    )
)]
pub fn conv2d_input_grad(
    dy: &Array,
    w: &Array,
    input_hw: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
) -> Array {
    const OP: &str = "conv2d_input_grad";
    let (n, channels) = (dy.shape().first().copied().unwrap_or(0), w.shape().get(1).copied());
    let x_shape = [n, channels.unwrap_or(0), input_hw[0], input_hw[1]];
    let g = conv_window(OP, &x_shape, w.shape(), stride, padding, dilation);
    check_shape(OP, "dy", dy.shape(), &g.output_shape(w.shape()[0]));
    conv_input_grad(dy, w, &g)
}

/// The gradient of [`conv2d`] with respect to its weights: images `x: [N, C, H, W]` against
/// `dy: [N, O, OH, OW]`, giving `[O, C, KH, KW]` for a kernel of size `kernel_hw`.
///
/// # Panics
/// If the shapes do not fit the convolution geometry.
#[primitive(
    g => conv2d_input_grad(dy, g, [x.shape()[2], x.shape()[3]], stride, padding, dilation),
    g => conv2d(x, g, stride, padding, dilation),
    check(
        x = [2, 2, 5, 6],
        dy = [2, 3, 3, 2],
        kernel_hw = [2, 3],
        stride = [2, 1],
        padding = [1, 0],
        dilation = [1, 2]
    )
)]
pub fn conv2d_weight_grad(
    x: &Array,
    dy: &Array,
    kernel_hw: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
) -> Array {
    const OP: &str = "conv2d_weight_grad";
    let out_channels = dy.shape().get(1).copied().unwrap_or(0);
    let in_channels = x.shape().get(1).copied().unwrap_or(0);
    let w_shape = [out_channels, in_channels, kernel_hw[0], kernel_hw[1]];
    let g = conv_window(OP, x.shape(), &w_shape, stride, padding, dilation);
    check_shape(OP, "dy", dy.shape(), &g.output_shape(out_channels));
    conv_weight_grad(x, dy, &g)
}

/// For each output element of a max pooling (row-major `[N, C, OH, OW]`), the flat index into
/// `x` of its window's maximum: the first one on ties; a NaN wins, so it propagates.
fn argmax_sources<E: Element>(x: &ArrayD<E>, g: &Window) -> Vec<usize> {
    let (in_len, out_len) = g.plane_lens();
    let x = x.as_standard_layout();
    let xs = x.as_slice().expect("standard layout");
    let mut best: Vec<Option<usize>> = vec![None; out_len];
    let mut sources = Vec::with_capacity(g.batch * g.channels * out_len);
    for plane in 0..g.batch * g.channels {
        let base = plane * in_len;
        best.fill(None);
        g.for_each_tap(|o, i, _| {
            let v = xs[base + i];
            let wins = match best[o] {
                None => true,
                Some(b) => v > xs[b] || (v.is_nan() && !xs[b].is_nan()),
            };
            if wins {
                best[o] = Some(base + i);
            }
        });
        sources.extend(best.iter().map(|b| b.expect("every window holds an input element")));
    }
    sources
}

/// Max pooling: the maximum of each `kernel` window of `x: [N, C, H, W]`, moved by `stride`,
/// over `x` padded with `padding` (the padding is never the maximum), giving
/// `[N, C, OH, OW]`. The gradient goes to the position of each window's maximum (the first,
/// on ties).
///
/// # Panics
/// If `x` is not 4-d, the padding is more than half the kernel, or the kernel does not fit.
#[primitive(
    dy => max_pool2d_scatter(dy, x, kernel, stride, padding),
    check(x = [1, 2, 5, 5], kernel = [3, 3], stride = [2, 2], padding = [1, 1])
)]
pub fn max_pool2d(x: &Array, kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2]) -> Array {
    let g = Window::pool("max_pool2d", x.shape(), kernel, stride, padding);
    gather_at_max(x, x, &g)
}

/// Zeros of `x`'s shape with each of `values` (pooled shape) added at the position of its
/// window's maximum in `x`: the gradient of [`max_pool2d`]. Linear in `values`; `x` only
/// chooses positions.
#[primitive(
    g => max_pool2d_gather(g, x, kernel, stride, padding),
    _,
    check(values = [1, 2, 3, 3], x = [1, 2, 5, 5], kernel = [3, 3], stride = [2, 2], padding = [1, 1])
)]
fn max_pool2d_scatter(
    values: &Array,
    x: &Array,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> Array {
    const OP: &str = "max_pool2d_scatter";
    let g = Window::pool(OP, x.shape(), kernel, stride, padding);
    check_shape(OP, "values", values.shape(), &g.output_shape(g.channels));
    let mut out = Array::zeros(x.raw_dim());
    let flat = out.as_slice_mut().expect("fresh array");
    for (&v, i) in values.iter().zip(argmax_sources(x, &g)) {
        flat[i] += v;
    }
    out
}

/// The entries of `values` (`x`'s shape) at the position of each window's maximum in `x`:
/// `max_pool2d_gather(x, x, ..)` is [`max_pool2d`]. Linear in `values`; `x` only chooses
/// positions.
#[primitive(
    g => max_pool2d_scatter(g, x, kernel, stride, padding),
    _,
    check(values = [1, 2, 5, 5], x = [1, 2, 5, 5], kernel = [3, 3], stride = [2, 2], padding = [1, 1])
)]
fn max_pool2d_gather(
    values: &Array,
    x: &Array,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> Array {
    const OP: &str = "max_pool2d_gather";
    let g = Window::pool(OP, x.shape(), kernel, stride, padding);
    check_shape(OP, "values", values.shape(), x.shape());
    gather_at_max(values, x, &g)
}

/// The entries of `values` at the argmax of each window of `x` (same shape), pooled shape.
fn gather_at_max<E: Element>(values: &ArrayD<E>, x: &ArrayD<E>, g: &Window) -> ArrayD<E> {
    let values = values.as_standard_layout();
    let vs = values.as_slice().expect("standard layout");
    let picked: Vec<E> = argmax_sources(x, g).into_iter().map(|i| vs[i]).collect();
    ArrayD::from_shape_vec(IxDyn(&g.output_shape(g.channels)), picked).expect("output shape")
}

/// Average pooling: the mean of each `kernel` window of `x: [N, C, H, W]`, moved by `stride`,
/// over `x` padded with zeros (which count: every window is divided by the kernel size, as
/// PyTorch's default), giving `[N, C, OH, OW]`. The gradient spreads evenly over each window.
///
/// # Panics
/// If `x` is not 4-d, the padding is more than half the kernel, or the kernel does not fit.
#[primitive(
    dy => avg_pool2d_spread(dy, [x.shape()[2], x.shape()[3]], kernel, stride, padding),
    check(x = [1, 2, 5, 5], kernel = [3, 3], stride = [2, 2], padding = [1, 1])
)]
pub fn avg_pool2d(x: &Array, kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2]) -> Array {
    let g = Window::pool("avg_pool2d", x.shape(), kernel, stride, padding);
    let (in_len, out_len) = g.plane_lens();
    let scale = Elem::one() / Elem::of((kernel[0] * kernel[1]) as f64);
    let x = x.as_standard_layout();
    let xs = x.as_slice().expect("standard layout");
    let mut out = vec![Elem::zero(); g.batch * g.channels * out_len];
    for (plane, sums) in out.chunks_mut(out_len.max(1)).enumerate() {
        let image = &xs[plane * in_len..(plane + 1) * in_len];
        g.for_each_tap(|o, i, _| sums[o] += image[i] * scale);
    }
    ArrayD::from_shape_vec(IxDyn(&g.output_shape(g.channels)), out).expect("output shape")
}

/// Each of `values` (pooled shape) spread evenly over its window of an input of height and
/// width `input_hw`: the gradient of [`avg_pool2d`], whose gradient it has in turn.
#[primitive(
    g => avg_pool2d(g, kernel, stride, padding),
    check(values = [1, 2, 3, 3], input_hw = [5, 5], kernel = [3, 3], stride = [2, 2], padding = [1, 1])
)]
fn avg_pool2d_spread(
    values: &Array,
    input_hw: [usize; 2],
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> Array {
    const OP: &str = "avg_pool2d_spread";
    let (n, c) = (values.shape().first().copied(), values.shape().get(1).copied());
    let shape = [n.unwrap_or(0), c.unwrap_or(0), input_hw[0], input_hw[1]];
    let g = Window::pool(OP, &shape, kernel, stride, padding);
    check_shape(OP, "values", values.shape(), &g.output_shape(g.channels));
    let (in_len, out_len) = g.plane_lens();
    let scale = Elem::one() / Elem::of((kernel[0] * kernel[1]) as f64);
    let values = values.as_standard_layout();
    let vs = values.as_slice().expect("standard layout");
    let mut out = vec![Elem::zero(); g.batch * g.channels * in_len];
    for (plane, image) in out.chunks_mut(in_len.max(1)).enumerate() {
        let pooled = &vs[plane * out_len..(plane + 1) * out_len];
        g.for_each_tap(|o, i, _| image[i] += pooled[o] * scale);
    }
    ArrayD::from_shape_vec(IxDyn(&shape), out).expect("input shape")
}
