namespace PoseML.Nn.Kernels;

/// <summary>A tiny persistent worker pool for the compute kernels: <c>ProcessorCount − 1</c> background
/// threads that, with the calling thread, claim task indices from a shared counter. Dispatch allocates
/// nothing (the body is a function pointer and the state a pointer to the caller's stack, valid because
/// the caller waits for every task). One job runs at a time; a caller that finds the pool busy (another
/// thread's job, or a kernel called from inside a task) runs its tasks itself, so results never depend
/// on contention.</summary>
internal static unsafe class KernelThreadPool
{
    private static readonly object Gate = new();
    private static Worker[]? _workers;

    private static delegate*<int, void*, void> _body;
    private static void* _state;
    private static int _taskCount;
    private static int _nextTask;
    private static int _pendingWorkers;
    private static Exception? _failure;
    [ThreadStatic] private static bool _inTask;

    /// <summary>Runs <paramref name="body"/>(t, state) for every t in [0, taskCount) on up to
    /// <paramref name="threads"/> threads (the caller included) and returns when all are done.</summary>
    public static void Run(int taskCount, int threads, delegate*<int, void*, void> body, void* state)
    {
        threads = Math.Min(Math.Min(threads, taskCount), Environment.ProcessorCount);
        // Monitor is re-entrant, so a task that itself called Run on the caller thread must be caught here.
        if (threads <= 1 || _inTask || !Monitor.TryEnter(Gate))
        {
            for (var t = 0; t < taskCount; t++) body(t, state);
            return;
        }
        try
        {
            var workers = _workers ??= CreateWorkers();
            var helpers = Math.Min(threads - 1, workers.Length);
            _body = body;
            _state = state;
            _taskCount = taskCount;
            _failure = null;
            Volatile.Write(ref _nextTask, 0);
            Volatile.Write(ref _pendingWorkers, helpers);
            for (var w = 0; w < helpers; w++) workers[w].Wake.Set();
            Drain();
            var spinner = new SpinWait();
            while (Volatile.Read(ref _pendingWorkers) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            _body = null;
            _state = null;
            if (_failure is { } failure) throw new AggregateException(failure);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void Drain()
    {
        _inTask = true;
        int t;
        while ((t = Interlocked.Increment(ref _nextTask) - 1) < _taskCount)
        {
            try
            {
                _body(t, _state);
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }
        _inTask = false;
    }

    private static Worker[] CreateWorkers()
    {
        var workers = new Worker[Math.Max(0, Environment.ProcessorCount - 1)];
        for (var w = 0; w < workers.Length; w++) workers[w] = new Worker(w);
        return workers;
    }

    private sealed class Worker
    {
        // Spin briefly before blocking: back-to-back kernel calls (a network's layers) wake fast, an idle
        // process does not burn a core the machine shares.
        public readonly ManualResetEventSlim Wake = new(false, spinCount: 2000);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"PoseML kernel worker {index + 1}" };
            thread.Start();
        }

        private void Loop()
        {
            while (true)
            {
                Wake.Wait();
                Wake.Reset();
                Drain();
                Interlocked.Decrement(ref _pendingWorkers);
            }
        }
    }
}
