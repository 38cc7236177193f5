"""Builds tiny random-weight diffusers pipelines, saved with ``save_pretrained`` as a user's
model folder would hold them: a text-to-image model (Stable Diffusion layout), an image-to-video
model (LTX-Video with first-and-last-frame conditioning) and a text-to-audio model (Stable Audio),
with a tiny T5/CLIP text encoder and a tokenizer made from a small vocabulary; in ``more/``, apart
so that they are never chosen in place of those, a FLUX text-to-image model (the family the style
step's LoRA is for) and two Wan image-to-video models, one conditioned on the first and last
keyframes, one on the first only.

Run in its own process (``python tiny_models.py FOLDER``) so that the test process never imports
torch, as the editor never does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

WORDS = ["a", "the", "of", "at", "in", "on", "and", "with", "sea", "lighthouse", "night", "storm", "wide", "shot", "keeper", "walks", "rain", "old", "man", "boat", "harbour", "waves", "wind", "light", "dark", "cliff", "morning", "evening", "fog", "door", "room", "window", "street", "city", "forest", "quiet", "loud", "bells", "hum", "rumble"]


def tokenizer(max_length: int):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"<pad>": 0, "</s>": 1, "<unk>": 2, **{w: i + 3 for i, w in enumerate(WORDS)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="</s>",
                                   unk_token="<unk>", model_max_length=max_length)


def t5(d_model: int = 32):
    from transformers import T5Config, T5EncoderModel

    return T5EncoderModel(T5Config(vocab_size=len(WORDS) + 3, d_model=d_model, d_ff=37, d_kv=8,
                                   num_layers=1, num_heads=4, relative_attention_num_buckets=8,
                                   pad_token_id=0, eos_token_id=1, decoder_start_token_id=0))


def image_model(folder: Path) -> None:
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )

    torch.manual_seed(0)
    unet = UNet2DConditionModel(block_out_channels=(4, 8), layers_per_block=1, sample_size=16,
                                in_channels=4, out_channels=4, cross_attention_dim=32,
                                down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
                                norm_num_groups=2)
    vae = AutoencoderKL(block_out_channels=[4, 8], in_channels=3, out_channels=3,
                        down_block_types=["DownEncoderBlock2D"] * 2,
                        up_block_types=["UpDecoderBlock2D"] * 2, latent_channels=4,
                        norm_num_groups=2)
    pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=clip_text(),
                                   tokenizer=tokenizer(16),
                                   scheduler=DDIMScheduler(clip_sample=False), safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(folder)


def video_model(folder: Path) -> None:
    import torch
    from diffusers import (
        AutoencoderKLLTXVideo,
        FlowMatchEulerDiscreteScheduler,
        LTXConditionPipeline,
        LTXVideoTransformer3DModel,
    )

    torch.manual_seed(0)
    transformer = LTXVideoTransformer3DModel(
        in_channels=8, out_channels=8, patch_size=1, patch_size_t=1, num_attention_heads=4,
        attention_head_dim=8, cross_attention_dim=32, num_layers=1, caption_channels=32)
    vae = AutoencoderKLLTXVideo(
        in_channels=3, out_channels=3, latent_channels=8, block_out_channels=(8, 8, 8, 8),
        decoder_block_out_channels=(8, 8, 8, 8), layers_per_block=(1, 1, 1, 1, 1),
        decoder_layers_per_block=(1, 1, 1, 1, 1),
        spatio_temporal_scaling=(True, True, False, False),
        decoder_spatio_temporal_scaling=(True, True, False, False),
        decoder_inject_noise=(False,) * 5, upsample_residual=(False,) * 4,
        upsample_factor=(1,) * 4, timestep_conditioning=False, patch_size=1, patch_size_t=1,
        encoder_causal=True, decoder_causal=False)
    pipe = LTXConditionPipeline(transformer=transformer, vae=vae, text_encoder=t5(),
                                tokenizer=tokenizer(16),
                                scheduler=FlowMatchEulerDiscreteScheduler())
    pipe.save_pretrained(folder)


def clip_text(**extra: Any):
    """A one-layer CLIP text encoder 32 wide over ``WORDS`` (``extra``: more config fields)."""
    from transformers import CLIPTextConfig, CLIPTextModel

    return CLIPTextModel(CLIPTextConfig(bos_token_id=1, eos_token_id=1, hidden_size=32,
                                        intermediate_size=37, num_attention_heads=4,
                                        num_hidden_layers=1, pad_token_id=0,
                                        vocab_size=len(WORDS) + 3, **extra))


def flux_model(folder: Path) -> None:
    """FLUX: a transformer whose attention is 16 wide (2 heads of 8), the width of the LoRA the
    fal emulator's style training serves, with CLIP and T5 text encoders."""
    import torch
    from diffusers import (
        AutoencoderKL,
        FlowMatchEulerDiscreteScheduler,
        FluxPipeline,
        FluxTransformer2DModel,
    )

    torch.manual_seed(0)
    transformer = FluxTransformer2DModel(
        patch_size=1, in_channels=4, num_layers=1, num_single_layers=1, attention_head_dim=8,
        num_attention_heads=2, joint_attention_dim=32, pooled_projection_dim=32,
        axes_dims_rope=[2, 2, 4])
    vae = AutoencoderKL(sample_size=32, in_channels=3, out_channels=3, block_out_channels=(4,),
                        layers_per_block=1, latent_channels=1, norm_num_groups=1,
                        use_quant_conv=False, use_post_quant_conv=False, shift_factor=0.0609,
                        scaling_factor=1.5035)
    pipe = FluxPipeline(transformer=transformer, vae=vae, text_encoder=clip_text(projection_dim=32),
                        tokenizer=tokenizer(16), text_encoder_2=t5(), tokenizer_2=tokenizer(16),
                        scheduler=FlowMatchEulerDiscreteScheduler())
    pipe.save_pretrained(folder)


def wan_model(folder: Path, first_last: bool = True) -> None:
    """Wan 2.1 image-to-video: the keyframes go through a CLIP image encoder and into the
    latents. ``first_last``: the first-and-last-frame model, whose position table tells the two
    keyframes apart (else the plain model, which embeds the first keyframe only)."""
    import torch
    from diffusers import (
        AutoencoderKLWan,
        FlowMatchEulerDiscreteScheduler,
        WanImageToVideoPipeline,
        WanTransformer3DModel,
    )
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        CLIPVisionModel,
        UMT5Config,
        UMT5EncoderModel,
    )

    torch.manual_seed(0)
    vae = AutoencoderKLWan(base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
                           temperal_downsample=[False, True, True])
    text = UMT5EncoderModel(UMT5Config(vocab_size=len(WORDS) + 3, d_model=32, d_ff=37, d_kv=8,
                                       num_layers=1, num_heads=4,
                                       relative_attention_num_buckets=8, pad_token_id=0,
                                       eos_token_id=1, decoder_start_token_id=0))
    # 8x8 pictures in patches of 4: four patches and the class token, per keyframe
    image_encoder = CLIPVisionModel(CLIPVisionConfig(
        hidden_size=8, projection_dim=8, num_hidden_layers=2, num_attention_heads=2,
        image_size=8, intermediate_size=16, patch_size=4))
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=8, in_channels=36,
        out_channels=16, text_dim=32, freq_dim=16, ffn_dim=32, num_layers=1,
        cross_attn_norm=True, qk_norm="rms_norm_across_heads", rope_max_seq_len=32,
        image_dim=8, pos_embed_seq_len=2 * 5 if first_last else None)
    pipe = WanImageToVideoPipeline(
        transformer=transformer, vae=vae, text_encoder=text, tokenizer=tokenizer(16),
        image_encoder=image_encoder, image_processor=CLIPImageProcessor(crop_size=8, size=8),
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0))
    pipe.save_pretrained(folder)


def audio_model(folder: Path) -> None:
    import torch
    from diffusers import (
        AutoencoderOobleck,
        CosineDPMSolverMultistepScheduler,
        StableAudioDiTModel,
        StableAudioPipeline,
        StableAudioProjectionModel,
    )

    torch.manual_seed(0)
    transformer = StableAudioDiTModel(
        sample_size=256, in_channels=3, num_layers=1, attention_head_dim=4,
        num_key_value_attention_heads=2, out_channels=3, cross_attention_dim=4, time_proj_dim=8,
        global_states_input_dim=8, cross_attention_input_dim=4)
    vae = AutoencoderOobleck(encoder_hidden_size=6, downsampling_ratios=[1, 2],
                             decoder_channels=3, decoder_input_channels=3, audio_channels=2,
                             channel_multiples=[2, 4], sampling_rate=8000)
    text = t5(d_model=32)
    projection = StableAudioProjectionModel(text_encoder_dim=32, conditioning_dim=4,
                                            min_value=0, max_value=32)
    pipe = StableAudioPipeline(
        transformer=transformer, vae=vae, text_encoder=text, tokenizer=tokenizer(16),
        projection_model=projection,
        scheduler=CosineDPMSolverMultistepScheduler(solver_order=2, prediction_type="v_prediction",
                                                    sigma_data=1.0, sigma_schedule="exponential"))
    pipe.save_pretrained(folder)


def main(root: Path, which: str = "image,video,audio,flux,wan,wan-i2v") -> None:
    builders = {"image": ("tiny-sd", image_model), "video": ("tiny-ltx", video_model),
                "audio": ("tiny-stable-audio", audio_model), "flux": ("more/tiny-flux", flux_model),
                "wan": ("more/tiny-wan", wan_model),
                "wan-i2v": ("more/tiny-wan-i2v", lambda f: wan_model(f, first_last=False))}
    for kind in which.split(","):
        name, build = builders[kind]
        build(root / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:])
