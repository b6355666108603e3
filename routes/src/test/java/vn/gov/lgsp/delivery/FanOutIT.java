package vn.gov.lgsp.delivery;

/** Fan-out on the embedded database, the default of the packaged application. */
class FanOutIT extends FanOutContract {
}
