//! How an [`Error`] travels from where it is found to the user.
//!
//! Library code raises an error where it finds it ([`Error::raise`]). Below a public entry
//! point it unwinds silently (no panic message) to that entry point, which stamps the caller's
//! line on it and raises it again, now outside the library:
//! - inside [`catch`] it unwinds silently to `catch`, which returns it as the `Err` value;
//! - elsewhere it is an ordinary panic whose message is the error and whose location is the
//!   caller's line, so `#[should_panic(expected = …)]` and the default panic hook work as usual.
//!
//! User code that the library calls (the closure given to `diff`, say) runs outside the library
//! again ([`user_code`]), so a failing primitive inside it reports its own line.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, Location};

use crate::{Error, Result};

thread_local! {
    /// Whether library code below a public entry point is running on this thread.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    /// How many [`catch`] scopes are open on this thread.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
}

impl Error {
    /// Raises this error: returns it from the innermost [`catch`] on this thread, or panics
    /// with it as the message, located at the caller's line.
    ///
    /// ```
    /// use autograd::{catch, Error};
    /// let err = catch(|| -> () { Error::invalid("my_op", "no good").raise() }).unwrap_err();
    /// assert_eq!(err.to_string(), "my_op: no good");
    /// ```
    #[track_caller]
    pub fn raise(self) -> ! {
        if INSIDE.get() {
            // The entry point below which this runs relocates it to the user's line.
            panic::resume_unwind(Box::new(self));
        }
        let located = self.located(Location::caller());
        if CATCHING.get() > 0 {
            panic::resume_unwind(Box::new(located));
        }
        panic!("{located}")
    }
}

/// Runs `f` and returns any library [`Error`] raised inside it as a value, silently (no panic
/// message is printed). Panics that are not library errors (a bug in the user's own code)
/// pass through unchanged.
///
/// State the failing operation would have changed is left as it was: tapes are popped,
/// parameters and loaded checkpoints are updated all-or-nothing.
///
/// ```
/// use autograd::{catch, Tensor};
/// let a = Tensor::from(vec![1.0, 2.0, 3.0]);
/// let ok = catch(|| &a * 2.0).unwrap();
/// assert_eq!(ok.to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
/// let err = catch(|| &a * &Tensor::from(vec![1.0, 2.0])).unwrap_err();
/// assert_eq!(err.op(), "mul");
/// ```
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R> {
    let _scope = CatchScope::open();
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(payload) => match payload.downcast::<Error>() {
            Ok(error) => Err(*error),
            Err(other) => panic::resume_unwind(other),
        },
    }
}

/// Runs the body of a public library function: an error raised anywhere inside it is
/// reported at this function's caller's line (see the module documentation).
#[doc(hidden)]
#[track_caller]
#[inline]
pub fn entry<R>(f: impl FnOnce() -> R) -> R {
    if INSIDE.get() {
        return f();
    }
    let at = Location::caller();
    let result = {
        let _inside = Inside::set(true);
        panic::catch_unwind(AssertUnwindSafe(f))
    };
    match result {
        Ok(value) => value,
        Err(payload) => match payload.downcast::<Error>() {
            Ok(error) => error.located(at).raise(),
            Err(other) => panic::resume_unwind(other),
        },
    }
}

/// Runs user code called by the library (the closure given to `diff`, a `Param::update`
/// function) as user code: errors inside it report their own lines.
pub(crate) fn user_code<R>(f: impl FnOnce() -> R) -> R {
    let _outside = Inside::set(false);
    f()
}

/// Sets [`INSIDE`] and restores it when dropped, also when unwinding.
struct Inside(bool);

impl Inside {
    fn set(value: bool) -> Inside {
        Inside(INSIDE.replace(value))
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        INSIDE.set(self.0);
    }
}

/// One open [`catch`]: user code inside it, counted in [`CATCHING`] until dropped.
struct CatchScope {
    _outside: Inside,
}

impl CatchScope {
    fn open() -> CatchScope {
        CATCHING.set(CATCHING.get() + 1);
        CatchScope { _outside: Inside::set(false) }
    }
}

impl Drop for CatchScope {
    fn drop(&mut self) {
        CATCHING.set(CATCHING.get() - 1);
    }
}
