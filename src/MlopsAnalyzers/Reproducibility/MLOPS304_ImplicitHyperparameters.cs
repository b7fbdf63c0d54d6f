using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// MLOPS304: an ML.NET trainer created from a trainer catalog (<c>mlContext.Regression.Trainers.Sdca(...)</c>,
/// <c>...Trainers.LbfgsLogisticRegression(...)</c>, <c>...Trainers.KMeans(...)</c>, ...) that leaves one or more of
/// its hyperparameters at the values ML.NET supplies. A trainer call counts when it is an ML.NET extension method on a
/// trainer catalog (a <c>CatalogInstantiatorBase</c>) that returns a trainer estimator (<c>ITrainerEstimator&lt;,&gt;</c>);
/// its hyperparameters are its optional parameters of a numeric, bool or enum type (or a nullable one), except the
/// random seed (MLOPS301/MLOPS302). Column names, loss-function objects and calibrators are not hyperparameters here,
/// and the options-object overloads have none, so they are never flagged. Reported on the call.
/// </summary>
internal static class ImplicitHyperparametersRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ImplicitHyperparameters,
        RuleCategories.Reproducibility,
        RuleLevel.Disabled,
        title: "Trainer hyperparameters left implicit",
        messageFormat: "'{0}' leaves {1} at ML.NET's defaults: the experiment's record does not show them and a new ML.NET version may change them; write them out as named arguments",
        description: "A trainer created without its hyperparameters trains with the values the installed ML.NET version supplies. They appear nowhere in the code or the experiment's record, so a reviewer cannot see what was trained, and an ML.NET upgrade that changes a default silently changes the model. Writing the current defaults out as named arguments keeps the behaviour and makes every hyperparameter visible and versioned with the code.");

    /// <summary>The trainer-catalog check for one compilation, or null when ML.NET's trainer types are missing.</summary>
    public static Checker? Create(Compilation compilation, MlNetSymbols symbols)
        => symbols.CatalogInstantiatorBase is { } catalog && compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.ITrainerEstimator`2") is { } trainer
            ? new Checker(catalog, trainer)
            : null;

    /// <summary>
    /// The hyperparameters of a trainer-catalog method that a call leaves at their defaults, in parameter order; empty
    /// when <paramref name="invocation"/> is not such a call or sets every hyperparameter.
    /// </summary>
    public static ImmutableArray<IParameterSymbol> GetImplicitHyperparameters(IInvocationOperation invocation, INamedTypeSymbol trainerCatalog, INamedTypeSymbol trainerEstimator)
    {
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod
            || method.Parameters.Length == 0
            || !method.Parameters[0].Type.InheritsFrom(trainerCatalog)
            || !method.IsFromMlNet()
            || !ReturnsTrainer(method.ReturnType, trainerEstimator))
        {
            return ImmutableArray<IParameterSymbol>.Empty;
        }

        var seed = MlNetSymbols.GetRandomSeedParameter(method);
        var omitted = ImmutableArray.CreateBuilder<IParameterSymbol>();
        foreach (var parameter in method.Parameters)
        {
            if (IsHyperparameter(parameter)
                && !SymbolEqualityComparer.Default.Equals(parameter, seed)
                && invocation.GetArgument(parameter) is { ArgumentKind: ArgumentKind.DefaultValue })
            {
                omitted.Add(parameter);
            }
        }

        return omitted.ToImmutable();
    }

    /// <summary>An optional parameter of a numeric, bool or enum type, or a nullable one.</summary>
    public static bool IsHyperparameter(IParameterSymbol parameter)
    {
        if (!parameter.IsOptional || !parameter.HasExplicitDefaultValue || parameter.RefKind != RefKind.None)
        {
            return false;
        }

        var type = parameter.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Boolean
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
    }

    private static bool HasInvalidArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value is IInvalidOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReturnsTrainer(ITypeSymbol type, INamedTypeSymbol trainerEstimator)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, trainerEstimator))
            {
                return true;
            }
        }

        return type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, trainerEstimator);
    }

    /// <summary>The check, with the trainer types of one compilation.</summary>
    internal sealed class Checker
    {
        private readonly INamedTypeSymbol _trainerCatalog;
        private readonly INamedTypeSymbol _trainerEstimator;

        public Checker(INamedTypeSymbol trainerCatalog, INamedTypeSymbol trainerEstimator)
        {
            _trainerCatalog = trainerCatalog;
            _trainerEstimator = trainerEstimator;
        }

        /// <summary>The hyperparameters <paramref name="invocation"/> leaves at their defaults (see <see cref="ImplicitHyperparametersRule.GetImplicitHyperparameters(IInvocationOperation, INamedTypeSymbol, INamedTypeSymbol)"/>).</summary>
        public ImmutableArray<IParameterSymbol> GetImplicitHyperparameters(IInvocationOperation invocation)
            => ImplicitHyperparametersRule.GetImplicitHyperparameters(invocation, _trainerCatalog, _trainerEstimator);

        /// <summary>Checks one invocation.</summary>
        public void Analyze(in OperationAnalysisContext context)
        {
            // Code being typed (a missing argument, a parenthesis not closed yet) is left alone until it binds.
            if (context.Operation is not IInvocationOperation invocation || invocation.Syntax.ContainsDiagnostics || HasInvalidArgument(invocation))
            {
                return;
            }

            var omitted = GetImplicitHyperparameters(invocation);
            if (omitted.IsEmpty)
            {
                return;
            }

            var names = new List<string>(omitted.Length);
            foreach (var parameter in omitted)
            {
                names.Add(parameter.Name);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                invocation.Syntax.GetLocation(),
                invocation.TargetMethod.Name,
                string.Join(", ", names)));
        }
    }
}
