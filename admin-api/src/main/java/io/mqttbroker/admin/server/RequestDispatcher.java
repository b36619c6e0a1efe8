package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request off the event loop: route, authenticate (the verifier may block), call the handler, render.
 * A full handler pool answers 429 {@code Throttling} at once, on the caller's thread. Netty-free, so the whole
 * request path can be read (and tested) without the transport.
 */
final class RequestDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  private final Router router;
  private final BasicAuthentication authentication;
  private final Executor handlers;
  private final ResponseRenderer renderer;
  private final FailureMapping failures;
  private final RequestLog requestLog;

  RequestDispatcher(Router router, BasicAuthentication authentication, Executor handlers, ResponseRenderer renderer,
      FailureMapping failures, RequestLog requestLog) {
    this.router = router;
    this.authentication = authentication;
    this.handlers = handlers;
    this.renderer = renderer;
    this.failures = failures;
    this.requestLog = requestLog;
  }

  /** Processes {@code request} on the handler pool; {@code reply} is called once, from a pool thread or this one. */
  void dispatch(IncomingRequest request, Consumer<RenderedResponse> reply) {
    try {
      handlers.execute(() -> {
        RenderedResponse response = process(request);
        try {
          reply.accept(response);
        } catch (RuntimeException e) {
          LOG.debug("could not hand back the answer of requestId {}", request.requestId(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      reply.accept(reject(request, ServerErrors.busy()));
    }
  }

  /** Answers {@code request} with {@code error} without running anything (oversized, malformed, pool full). */
  RenderedResponse reject(IncomingRequest request, ApiException error) {
    requestLog.record(request, RequestLog.UNMATCHED, "-", error.status());
    return renderer.error(error, request.requestId());
  }

  private RenderedResponse process(IncomingRequest request) {
    String route = RequestLog.UNMATCHED;
    String callerKeyId = "-";
    RenderedResponse response;
    try {
      RequestTarget target = RequestTarget.parse(request.uri());
      RouteMatch match = router.match(request.method(), target.segments());
      if (match instanceof RouteMatch.NoSuchPath) {
        throw ServerErrors.notFound();
      }
      if (match instanceof RouteMatch.WrongMethod wrong) {
        throw new ServerErrors.MethodNotAllowed(wrong.allowed());
      }
      RouteMatch.Found found = (RouteMatch.Found) match;
      route = found.route().pathTemplate();
      Optional<Caller> caller = Optional.empty();
      if (found.route().authenticated()) {
        caller = Optional.of(authentication.authenticate(request.authorization(), request.remoteAddress()));
        callerKeyId = caller.get().accessKeyId();
      }
      AdminRequest adminRequest = new AdminRequest(request.method(), target.path(), found.params(), target.query(),
          request.body(), caller, request.requestId());
      AdminResponse answer = found.route().handler().handle(adminRequest);
      if (answer == null) {
        throw new IllegalStateException("route " + route + " answered null");
      }
      response = renderer.render(answer);
    } catch (Throwable failure) {
      // The last barrier: whatever happens, the connection gets an answer and is not left waiting.
      response = renderer.error(failures.map(failure, request), request.requestId());
    }
    requestLog.record(request, route, callerKeyId, response.status());
    return response;
  }
}
