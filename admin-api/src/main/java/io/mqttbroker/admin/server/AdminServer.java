package io.mqttbroker.admin.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.mqttbroker.admin.http.CallerVerifier;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: Netty's HTTP/1.1 codec on its own small event loop group (one boss, two workers), route
 * handlers on a bounded pool (never on an event loop). Lifecycle: construct (routes are checked at once), {@link
 * #start}, {@link #stop}. The handler pool is owned (sized by the settings, shut down by {@code stop}) unless one is
 * passed in, which the caller then owns.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final int WORKER_LOOPS = 2;

  private final AdminServerSettings settings;
  private final Router router;
  private final CallerVerifier verifier;
  private final MeterRegistry meters;
  private final ExecutorService handlers;
  private final boolean ownsHandlers;

  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private boolean stopped;

  /** A server with its own handler pool of {@code settings.handlerThreads()} threads. */
  public AdminServer(AdminServerSettings settings, List<RouteGroup> routeGroups, CallerVerifier verifier,
      MeterRegistry meters) {
    this(settings, routeGroups, verifier, meters, ownedPool(settings), true);
  }

  /**
   * A server whose handlers run on {@code handlers} (the caller shuts it down). A {@code RejectedExecutionException}
   * from it is answered 429 {@code Throttling}, so give it a bounded queue.
   */
  public AdminServer(AdminServerSettings settings, List<RouteGroup> routeGroups, CallerVerifier verifier,
      MeterRegistry meters, ExecutorService handlers) {
    this(settings, routeGroups, verifier, meters, handlers, false);
  }

  private AdminServer(AdminServerSettings settings, List<RouteGroup> routeGroups, CallerVerifier verifier,
      MeterRegistry meters, ExecutorService handlers, boolean ownsHandlers) {
    this.settings = settings;
    this.router = new Router(flatten(routeGroups));
    this.verifier = verifier;
    this.meters = meters;
    this.handlers = handlers;
    this.ownsHandlers = ownsHandlers;
  }

  private static List<Route> flatten(List<RouteGroup> groups) {
    List<Route> routes = new ArrayList<>();
    groups.forEach(group -> routes.addAll(group.routes()));
    return routes;
  }

  private static ExecutorService ownedPool(AdminServerSettings settings) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(),
        60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.handlerQueue()),
        new DefaultThreadFactory("admin-handler", true), new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Binds and starts serving.
   *
   * @param port the port, 0 for an ephemeral one
   * @return the bound port
   * @throws IllegalStateException when already started (or stopped) or the address cannot be bound
   */
  public synchronized int start(String bindAddress, int port) {
    if (serverChannel != null || stopped) {
      throw new IllegalStateException("admin server already started (it cannot be restarted after stop)");
    }
    RequestDispatcher dispatcher = new RequestDispatcher(router,
        new BasicAuthentication(verifier,
            AuthFailureDamper.of(settings.authFailureLimit(), settings.authFailureWindow())),
        handlers, new ResponseRenderer(), new FailureMapping(), new RequestLog(meters));
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-http-boss"), NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(WORKER_LOOPS, new DefaultThreadFactory("admin-http"),
        NioIoHandler.newFactory());
    try {
      serverChannel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 128)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              configure(channel.pipeline(), dispatcher);
            }
          })
          .bind(new InetSocketAddress(bindAddress, port))
          .syncUninterruptibly()
          .channel();
    } catch (Exception e) {
      shutDownLoops();
      serverChannel = null;
      throw new IllegalStateException("cannot bind the admin API to " + bindAddress + ":" + port, e);
    }
    int bound = port();
    LOG.info("admin API listening on {}:{}", bindAddress, bound);
    return bound;
  }

  private void configure(ChannelPipeline pipeline, RequestDispatcher dispatcher) {
    if (settings.idleTimeout().toMillis() > 0) {
      pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    pipeline.addLast("http", new HttpServerCodec());
    pipeline.addLast("aggregate", new OversizedRequestAggregator(settings.maxBodyBytes(), request -> {
      IncomingRequest refused = new IncomingRequest(RequestIds.next(), request.method().name(), request.uri(), "",
          "-", new byte[0], System.nanoTime());
      RenderedResponse answer = dispatcher.reject(refused, ServerErrors.tooLarge(settings.maxBodyBytes()));
      return NettyResponses.toNetty(answer, refused.requestId(), true);
    }));
    pipeline.addLast("admin", new AdminHttpHandler(dispatcher, settings.maxBodyBytes()));
  }

  /** The bound port; only valid after {@link #start}. */
  public synchronized int port() {
    if (serverChannel == null) {
      throw new IllegalStateException("admin server not started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Stops accepting, lets running handlers finish (up to the shutdown timeout, owned pool only) so their answers are
   * written, then closes the connections and the event loops. Idempotent.
   */
  public synchronized void stop() {
    if (serverChannel == null) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    serverChannel = null;
    stopped = true;
    if (ownsHandlers) {
      handlers.shutdown();
      try {
        if (!handlers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("admin handlers still running after {}; interrupting them", settings.shutdownTimeout());
          handlers.shutdownNow();
        }
      } catch (InterruptedException e) {
        handlers.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    shutDownLoops();
    LOG.info("admin API stopped");
  }

  private void shutDownLoops() {
    long timeout = settings.shutdownTimeout().toMillis();
    var bossDone = boss.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
    var workersDone = workers.shutdownGracefully(100, timeout, TimeUnit.MILLISECONDS);
    bossDone.awaitUninterruptibly(timeout);
    workersDone.awaitUninterruptibly(timeout);
  }

  @Override
  public void close() {
    stop();
  }
}
