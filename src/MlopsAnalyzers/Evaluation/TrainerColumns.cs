using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// The column names a trainer is created with, read from the call that creates it: a named or positional argument
/// (<c>featureColumnName: "Features"</c>), the parameter's default, or the field of an options object built in the same
/// method (<c>new SdcaRegressionTrainer.Options { FeatureColumnName = "F" }</c>).
/// </summary>
internal static class TrainerColumns
{
    public const string FeatureParameter = "featureColumnName";
    public const string FeatureOption = "FeatureColumnName";
    public const string LabelParameter = "labelColumnName";
    public const string LabelOption = "LabelColumnName";
    public const string GroupParameter = "rowGroupColumnName";
    public const string GroupOption = "RowGroupColumnName";

    /// <summary>True for a call that creates a trainer: a method of a trainer catalog such as <c>mlContext.Regression.Trainers</c>.</summary>
    public static bool IsTrainerCreation(IInvocationOperation invocation, MlNetSymbols symbols)
        => invocation.GetReceiver() is { } receiver
            && (symbols.IsTrainerCatalog(receiver.Type) || SymbolEqualityComparer.Default.Equals(receiver.Type, symbols.Evaluation.RankingTrainers));

    /// <summary>True for a call that creates a ranking trainer (on <c>mlContext.Ranking.Trainers</c>).</summary>
    public static bool IsRankingTrainerCreation(IInvocationOperation invocation, MlNetSymbols symbols)
        => symbols.Evaluation.RankingTrainers is not null
            && invocation.GetReceiver() is { } receiver
            && SymbolEqualityComparer.Default.Equals(receiver.Type, symbols.Evaluation.RankingTrainers);

    /// <summary>
    /// The constant column name the trainer gets for <paramref name="parameterName"/> (or, with an options object, for
    /// its field <paramref name="optionName"/>, which defaults to <paramref name="optionDefault"/>); null when the trainer
    /// has no such column or its value is not a constant known in the method.
    /// </summary>
    public static string? GetColumn(IInvocationOperation trainer, string parameterName, string optionName, string optionDefault)
    {
        if (trainer.GetArgument(parameterName) is { } argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return argument.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: string defaultValue } ? defaultValue : null;
            }

            return argument.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;
        }

        foreach (var candidate in trainer.Arguments)
        {
            if (candidate.Parameter?.Name == "options")
            {
                return GetOption(candidate.Value, optionName, optionDefault);
            }
        }

        return null;
    }

    /// <summary>The constant value the options object gets for its member <paramref name="optionName"/>, or null.</summary>
    private static string? GetOption(IOperation options, string optionName, string optionDefault)
    {
        if (DataFlow.ResolveValue(options) is not IObjectCreationOperation creation || HasMemberWrites(options, creation))
        {
            return null;
        }

        var value = optionDefault;
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    && target.Member.Name == optionName)
                {
                    if (assignment.Value.ConstantValue is not { HasValue: true, Value: string name })
                    {
                        return null;
                    }

                    value = name;
                }
            }
        }

        return value;
    }

    /// <summary>True when the options object, held in a local, has any member assigned after its creation.</summary>
    private static bool HasMemberWrites(IOperation options, IObjectCreationOperation creation)
    {
        if (options.WalkDownConversion() is not ILocalReferenceOperation local)
        {
            return false;
        }

        foreach (var operation in creation.GetRoot().GetDescendants())
        {
            if (operation is IAssignmentOperation { Target: IMemberReferenceOperation { Instance: ILocalReferenceOperation instance } }
                && SymbolEqualityComparer.Default.Equals(instance.Local, local.Local))
            {
                return true;
            }
        }

        return false;
    }
}
