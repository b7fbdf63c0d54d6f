using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// The types MLOPS501 needs to tell a prediction engine shared across threads: ML.NET's engine base, <c>Lazy&lt;T&gt;</c>,
/// <c>[ThreadStatic]</c>, the parallel and task APIs that run a delegate on other threads, and the dependency-injection
/// registrations that make an object a process-wide singleton. Each is null when the compilation does not reference it.
/// Resolved once per compilation, with <see cref="MlNetSymbols"/>.
/// </summary>
internal sealed class ThreadSharingSymbols
{
    internal ThreadSharingSymbols(Compilation compilation, INamedTypeSymbol? predictionEngineBase)
    {
        PredictionEngineBase = predictionEngineBase;
        Lazy = compilation.GetBestTypeByMetadataName("System.Lazy`1");
        ThreadStaticAttribute = compilation.GetBestTypeByMetadataName("System.ThreadStaticAttribute");
        Parallel = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Parallel");
        Task = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task");
        TaskFactory = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        ServiceCollectionServiceExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
        ServiceCollectionHostedServiceExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions");
    }

    /// <summary><c>Microsoft.ML.PredictionEngineBase&lt;TSrc, TDst&gt;</c>, the base of <c>PredictionEngine&lt;,&gt;</c>.</summary>
    public INamedTypeSymbol? PredictionEngineBase { get; }

    /// <summary>The open generic <c>System.Lazy&lt;T&gt;</c>.</summary>
    public INamedTypeSymbol? Lazy { get; }

    public INamedTypeSymbol? ThreadStaticAttribute { get; }

    /// <summary><c>System.Threading.Tasks.Parallel</c> (For, ForEach, ForEachAsync, Invoke).</summary>
    public INamedTypeSymbol? Parallel { get; }

    /// <summary><c>System.Threading.Tasks.Task</c> (Run).</summary>
    public INamedTypeSymbol? Task { get; }

    /// <summary><c>TaskFactory</c> and <c>TaskFactory&lt;T&gt;</c> (StartNew).</summary>
    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? TaskFactoryOfT { get; }

    /// <summary>Microsoft.Extensions.DependencyInjection's <c>AddSingleton</c>/<c>AddScoped</c>/<c>AddTransient</c>.</summary>
    public INamedTypeSymbol? ServiceCollectionServiceExtensions { get; }

    /// <summary>Microsoft.Extensions.Hosting's <c>AddHostedService</c> (hosted services are singletons).</summary>
    public INamedTypeSymbol? ServiceCollectionHostedServiceExtensions { get; }

    /// <summary>
    /// True for a type whose instances must not be used by two threads at once: <c>PredictionEngine&lt;,&gt;</c> or any
    /// other type derived from <c>PredictionEngineBase&lt;,&gt;</c>, and a <c>Lazy&lt;&gt;</c> of one (it hands every thread
    /// the same engine).
    /// </summary>
    public bool IsThreadUnsafeEngine(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && Lazy is not null
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Lazy))
        {
            type = named.TypeArguments[0];
        }

        return type is { TypeKind: TypeKind.Class } && type.InheritsFrom(PredictionEngineBase);
    }
}
