using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// Whether a solution registers a model name with a drift baseline. MLOPS503's fix reads the baseline of the version
/// it serves back from the registry, and <c>ReadDriftBaseline</c> throws for a version registered without one: the fix
/// is behaviour-preserving only when the code that registers the model adds the baseline. Like
/// <see cref="RegistryFileGroup"/>, it reads every C# document of the solution whose text can hold a registration
/// (<c>Register</c>/<c>RegisterAsync</c> of a model registry).
/// </summary>
/// <remarks>
/// A name is a constant value, or a static readonly field (the same field, in whichever project). A registration has
/// a baseline when its <c>registration</c> argument is, or is a local whose value reaching the call is, an expression
/// whose chain (<c>AddTextArtifact</c> returns its receiver) contains <c>AddDriftBaseline</c>, including a local on
/// which <c>AddDriftBaseline</c>'s result is assigned back (<c>r = r.AddDriftBaseline(data);</c>). Anything else, a
/// bare <c>r.AddDriftBaseline(data);</c> statement included, counts as no baseline. A registration whose name cannot be
/// told (a parameter, a value built at run time) may register any name: when it has no baseline, no name is shown to
/// have one.
/// </remarks>
internal sealed class BaselineRegistrations
{
    private const string AbstractionsNamespace = "MlopsAnalyzers.Abstractions";
    private const int MaxChain = 16;

    private readonly Solution _solution;
    private List<(string? Name, bool WithBaseline)>? _registrations;
    private bool _unreadable;

    public BaselineRegistrations(Solution solution) => _solution = solution;

    /// <summary>The key of a model name: <c>=value</c> for a constant, the field for a static readonly field; else null.</summary>
    public static string? NameKey(IOperation name)
    {
        var value = name.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return "=" + text;
        }

        return value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }
               && field.OriginalDefinition.GetDocumentationCommentId() is { } id
            ? "@" + field.ContainingAssembly?.Name + ":" + id
            : null;
    }

    /// <summary>
    /// True when some registration of the solution registers <paramref name="name"/> (a <see cref="NameKey"/>) and every
    /// registration that registers it, or may, adds a drift baseline.
    /// </summary>
    public async Task<bool> AllWithBaselineAsync(string name, CancellationToken cancellationToken)
    {
        if (_registrations is null)
        {
            _registrations = new List<(string? Name, bool WithBaseline)>();
            _unreadable = !await FindAsync(_registrations, cancellationToken).ConfigureAwait(false);
        }

        var found = false;
        foreach (var (registered, withBaseline) in _registrations)
        {
            if (registered is null || registered == name)
            {
                if (!withBaseline)
                {
                    return false;
                }

                found |= registered is not null;
            }
        }

        return found && !_unreadable;
    }

    /// <summary>Every registration of the solution; false when a document that may hold one cannot be read.</summary>
    private async Task<bool> FindAsync(List<(string? Name, bool WithBaseline)> registrations, CancellationToken cancellationToken)
    {
        foreach (var project in _solution.Projects)
        {
            foreach (var document in project.Documents)
            {
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (text.ToString().IndexOf("Register", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                if (project.Language != LanguageNames.CSharp
                    || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                    || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
                {
                    return false;
                }

                foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (InvokedName(invocation) is "Register" or "RegisterAsync"
                        && semanticModel.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                        && IsRegistryRegister(call.TargetMethod)
                        && call.GetArgument("name") is { } name)
                    {
                        var key = DataFlow.ResolveValue(name.Value) is { } value ? NameKey(value) : null;
                        registrations.Add((key, HasBaseline(call)));
                    }
                }
            }
        }

        return true;
    }

    private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>A <c>Register</c> or <c>RegisterAsync</c> of a model registry of the runtime library.</summary>
    private static bool IsRegistryRegister(IMethodSymbol method)
        => method.ContainingType is { } type
           && IsAbstractions(type, AbstractionsNamespace)
           && (type.Name is "IModelRegistry" or "IAsyncModelRegistry"
               || type.AllInterfaces.Any(i => i.Name == "IModelRegistry" && IsAbstractions(i, AbstractionsNamespace)));

    /// <summary>True when the call's registration argument certainly carries a drift baseline.</summary>
    private static bool HasBaseline(IInvocationOperation register)
    {
        if (register.GetArgument("registration") is not { ArgumentKind: ArgumentKind.Explicit } argument)
        {
            return false;
        }

        var value = argument.Value.WalkDownConversion();
        for (var depth = 0; depth < MaxChain; depth++)
        {
            switch (value)
            {
                case IInvocationOperation call when call.TargetMethod.Name == "AddDriftBaseline"
                                                    && call.TargetMethod.ContainingType is { Name: "MonitoringExtensions" } extensions
                                                    && IsAbstractions(extensions, AbstractionsNamespace + ".Monitoring"):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "AddTextArtifact", Instance: { } receiver } call
                    when call.TargetMethod.ContainingType is { Name: "ModelRegistration" } registration && IsAbstractions(registration, AbstractionsNamespace):
                    value = receiver.WalkDownConversion();
                    break;
                case ILocalReferenceOperation:
                    if (DataFlow.GetReachingValue(value) is not { } reaching)
                    {
                        return false;
                    }

                    value = reaching.WalkDownConversion();
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsAbstractions(INamedTypeSymbol type, string ns) => type.ContainingNamespace?.ToDisplayString() == ns;
}
