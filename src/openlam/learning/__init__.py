"""Learning from verified trajectories: training examples, datasets and their exports, and
synthetic function-calling trajectories."""

from openlam.learning._dataset import (
    EXPORT_FORMATS,
    BuildReport,
    DatasetStats,
    build_dataset,
    check_trainable,
    dataset_stats,
    export_dataset,
    read_examples,
    sample_dataset,
)
from openlam.learning._examples import (
    PERTURBED,
    UNGROUNDED,
    Example,
    encode_action,
    examples_from,
    space_for,
)
from openlam.learning._synth import (
    FUNCTION_KINDS,
    FunctionEpisode,
    FunctionRun,
    SynthesisReport,
    run_function_episode,
    sample_function_episode,
    synthesize_functions,
)
from openlam.learning._tokens import Tokenizer, read_training_set, write_encoded
from openlam.learning._train import (
    ADAPTER_FILE,
    TrainConfig,
    TrainPlan,
    TrainProgress,
    export_adapter,
    init_checkpoint,
    read_config,
    train,
)
from openlam.learning._trajectory import (
    TRAJECTORIES,
    Trajectory,
    read_trajectories,
    trajectory_files,
)

__all__ = [
    "ADAPTER_FILE",
    "EXPORT_FORMATS",
    "FUNCTION_KINDS",
    "PERTURBED",
    "TRAJECTORIES",
    "UNGROUNDED",
    "BuildReport",
    "DatasetStats",
    "Example",
    "FunctionEpisode",
    "FunctionRun",
    "SynthesisReport",
    "Tokenizer",
    "TrainConfig",
    "TrainPlan",
    "TrainProgress",
    "Trajectory",
    "build_dataset",
    "check_trainable",
    "dataset_stats",
    "encode_action",
    "examples_from",
    "export_adapter",
    "export_dataset",
    "init_checkpoint",
    "read_config",
    "read_examples",
    "read_training_set",
    "read_trajectories",
    "run_function_episode",
    "sample_dataset",
    "sample_function_episode",
    "space_for",
    "synthesize_functions",
    "train",
    "trajectory_files",
    "write_encoded",
]
