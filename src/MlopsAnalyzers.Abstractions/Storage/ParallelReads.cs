using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlopsAnalyzers.Abstractions.Storage;

/// <summary>Object-store reads run a few at a time: a listing of thousands of objects must not open thousands of requests.</summary>
internal static class ParallelReads
{
    /// <summary>How many reads run at once.</summary>
    public const int Degree = 16;

    /// <summary>The results of <paramref name="read"/> for each item, in the items' order.</summary>
    public static async Task<T[]> ReadAllAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var results = new T[items.Count];
        using var gate = new SemaphoreSlim(Degree);
        await Task.WhenAll(items.Select(async (item, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                results[index] = await read(item, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return results;
    }
}
